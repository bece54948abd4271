import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { recordAudit } from '../../audit/record-audit';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  MAX_MIN_GROUP_SIZE,
  openCampaign,
} from '../../campaigns/campaigns';
import { getCampaignDashboard, UNIT_SORTS } from '../../campaigns/dashboard';
import { responsesPerDay } from '../../responses/read-responses';
import { planOpen } from '../../campaigns/plan-open';
import { updateCampaign } from '../../campaigns/update-campaign';
import { campaignContents, deleteDraftCampaign } from '../../campaigns/delete-campaign';
import { UNIT_GROUPS } from '../../db/schema';
import type { Translate } from '../../i18n/messages';
import { tFor } from '../locale';
import { directoryPurgedAt } from '../../respondents/purge-directory';
import { barChartSvg, timelineSvg } from '../charts';
import { fieldErrors, toDateTimeInput, vnDateTimeField } from '../form-values';
import { actorOf, campaignId } from './params';

const campaignForm = (tr: Translate) =>
  z
    .object({
      name: z.string().trim().min(3, tr('admin.campaigns.nameRequired')).max(200),
      year: z.coerce
        .number()
        .int(tr('admin.campaigns.badYear'))
        .min(2000, tr('admin.campaigns.badYear'))
        .max(2100, tr('admin.campaigns.badYear')),
      mailSubject: z.string().trim().max(300).default(''),
      opensAt: vnDateTimeField(tr('admin.campaigns.badDate')).default(null),
      closesAt: vnDateTimeField(tr('admin.campaigns.badDate')).default(null),
      reminderDaysBefore: z
        .string()
        .trim()
        .default('')
        .transform((v) => (v === '' ? null : Number(v)))
        .refine(
          (v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 60),
          tr('admin.campaigns.badReminder'),
        ),
      minGroupSize: z
        .string()
        .trim()
        .default('')
        .transform((v) => (v === '' ? undefined : Number(v)))
        .refine(
          (v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= MAX_MIN_GROUP_SIZE),
          tr('admin.campaigns.badMinGroup'),
        ),
      copyFrom: z
        .string()
        .trim()
        .default('')
        .transform((v) => (v === '' ? undefined : Number(v)))
        .refine((v) => v === undefined || (Number.isInteger(v) && v > 0), tr('admin.campaigns.badCopyFrom')),
    })
    .refine((c) => c.opensAt === null || c.closesAt === null || c.opensAt < c.closesAt, {
      message: tr('admin.campaigns.closesBeforeOpens'),
      path: ['closesAt'],
    });

const deleteForm = z.object({ confirm: z.literal('yes') });

const dashboardQuery = z.object({
  sort: z.enum(UNIT_SORTS).catch('unit'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  group: z.enum(UNIT_GROUPS).optional().catch(undefined),
});

/** Campaign list, create, edit, open; the dashboard with its charts and live counts. */
export function campaignRoutes(ctx: AppContext): Router {
  const router = Router();

  const renderList = (
    res: Response,
    status: number,
    form: Record<string, unknown> = {},
    errors = {},
    deleted = false,
  ) =>
    res.status(status).render('admin/index', {
      title: tFor(res)('admin.campaigns.title'),
      campaigns: listCampaigns(ctx.db),
      form: { year: new Date(ctx.clock()).getUTCFullYear(), ...form },
      errors,
      deleted,
    });

  router.get('/', (req, res) => renderList(res, 200, {}, {}, req.query.deleted === '1'));

  router.post('/campaigns', (req, res) => {
    const parsed = campaignForm(tFor(res)).safeParse(req.body);
    if (!parsed.success) return renderList(res, 400, req.body, fieldErrors(parsed.error));
    const { mailSubject, ...data } = parsed.data;
    // The list offers existing campaigns only; one deleted meanwhile (or a forged id) gets the field's error.
    if (data.copyFrom !== undefined && !listCampaigns(ctx.db).some((c) => c.id === data.copyFrom)) {
      return renderList(res, 400, req.body, { copyFrom: tFor(res)('admin.campaigns.badCopyFrom') });
    }
    const campaign = createCampaign(ctx.db, { ...data, mailSubject: mailSubject || undefined });
    recordAudit(
      ctx.db,
      actorOf(res),
      'campaign.create',
      {
        campaignId: campaign.id,
        text: data.copyFrom === undefined ? campaign.name : `${campaign.name} ← #${data.copyFrom}`,
      },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${campaign.id}`);
  });

  router.get('/campaigns/:campaignId', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const view = dashboardQuery.parse(req.query);
    const { units, totals } = getCampaignDashboard(ctx.db, campaign.id, {
      ...view,
      desc: view.dir === 'desc',
    });
    const days = responsesPerDay(ctx.db, campaign.id);
    res.render('admin/dashboard', {
      title: campaign.name,
      campaign,
      units,
      totals,
      view,
      groups: UNIT_GROUPS,
      days,
      mailerKind: ctx.mailer.kind,
      purgedAt: campaign.status === 'closed' ? directoryPurgedAt(ctx.db, campaign.id) : null,
      barChart: barChartSvg(
        units.map((u) => ({
          id: u.unitId,
          label: u.unitName,
          percent: u.percent,
          detail: tFor(res)('admin.dashboard.barDetail', {
            answered: u.answered,
            quota: u.quota,
            percent: u.percent,
          }),
        })),
        tFor(res)('admin.dashboard.chartTitle'),
      ),
      timeline: timelineSvg(days, tFor(res)('admin.dashboard.timelineTitle')),
    });
  });

  router.get('/campaigns/:campaignId/progress.json', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const { units, totals } = getCampaignDashboard(ctx.db, campaign.id);
    res.json({
      at: ctx.clock(),
      totals,
      units: units.map(({ unitId, sent, bounced, answered, quota, percent }) => ({
        unitId,
        sent,
        bounced,
        answered,
        quota,
        percent,
      })),
    });
  });

  const renderEdit = (
    res: Response,
    status: number,
    id: number,
    form: Record<string, unknown>,
    errors = {},
  ) =>
    res.status(status).render('admin/campaign-edit', {
      title: tFor(res)('admin.campaigns.editTitle'),
      campaign: getCampaign(ctx.db, id),
      form,
      errors,
    });

  router.get('/campaigns/:campaignId/edit', (req, res) => {
    const c = getCampaign(ctx.db, campaignId(req));
    renderEdit(res, 200, c.id, {
      name: c.name,
      year: c.year,
      mailSubject: c.mailSubject,
      opensAt: toDateTimeInput(c.opensAt),
      closesAt: toDateTimeInput(c.closesAt),
      reminderDaysBefore: c.reminderDaysBefore ?? '',
      minGroupSize: c.minGroupSize,
    });
  });

  router.post('/campaigns/:campaignId/edit', (req, res) => {
    const id = campaignId(req);
    const parsed = campaignForm(tFor(res)).safeParse(req.body);
    if (!parsed.success) return renderEdit(res, 400, id, req.body, fieldErrors(parsed.error));
    if (parsed.data.mailSubject.length < 3) {
      return renderEdit(res, 400, id, req.body, {
        mailSubject: tFor(res)('admin.campaigns.subjectRequired'),
      });
    }
    const campaign = updateCampaign(ctx.db, id, parsed.data);
    recordAudit(
      ctx.db,
      actorOf(res),
      'campaign.update',
      { campaignId: id, text: campaign.name },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${id}`);
  });

  const renderDelete = (res: Response, status: number, id: number, error: string | null) => {
    const campaign = getCampaign(ctx.db, id);
    res.status(status).render('admin/campaign-delete', {
      title: tFor(res)('admin.campaigns.delete.title'),
      campaign,
      contents: campaignContents(ctx.db, id),
      error,
    });
  };

  router.get('/campaigns/:campaignId/xoa', (req, res) => renderDelete(res, 200, campaignId(req), null));

  router.post('/campaigns/:campaignId/xoa', (req, res) => {
    const id = campaignId(req);
    if (!deleteForm.safeParse(req.body).success) {
      return renderDelete(res, 400, id, tFor(res)('admin.closing.confirmRequired'));
    }
    // Audited inside the deletion's transaction (campaign.delete).
    deleteDraftCampaign(ctx.db, id, actorOf(res), ctx.clock());
    res.redirect(303, '/admin?deleted=1');
  });

  // Opening sets the scheduled sending off: the page says first how many invitations go out at once.
  router.get('/campaigns/:campaignId/mo', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    res.render('admin/open-confirm', {
      title: tFor(res)('admin.opening.title'),
      campaign,
      plan: planOpen(ctx.db, campaign.id, ctx.clock()),
    });
  });

  router.post('/campaigns/:campaignId/open', (req, res) => {
    const campaign = openCampaign(ctx.db, campaignId(req), ctx.clock());
    recordAudit(
      ctx.db,
      actorOf(res),
      'campaign.open',
      { campaignId: campaign.id, text: campaign.name },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${campaign.id}`);
  });

  return router;
}
