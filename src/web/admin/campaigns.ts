import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign, listCampaigns } from '../../campaigns/campaigns';
import { createCampaign } from '../../campaigns/create-campaign';
import { getCampaignDashboard, UNIT_SORTS } from '../../campaigns/dashboard';
import { responsesPerDay } from '../../responses/read-responses';
import { campaignContents, deleteDraftCampaign } from '../../campaigns/delete-campaign';
import { openCampaign } from '../../campaigns/open-campaign';
import { planOpen } from '../../campaigns/plan-open';
import { updateCampaign } from '../../campaigns/update-campaign';
import { orThrow, statusOf } from '../../errors';
import { formTypeNames, UNIT_GROUPS } from '../../units/campaign-units';
import { tFor } from '../locale';
import { directoryPurgedAt } from '../../audit/list-audit';
import { barChartSvg, timelineSvg } from '../charts';
import { refusalTexts, toDateTimeInput } from '../form-values';
import { actorOf, campaignId } from './params';

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
    const created = createCampaign(ctx.db, req.body, actorOf(res), ctx.clock());
    if (!created.ok) return renderList(res, statusOf(created), req.body, refusalTexts(res, created).fields);
    res.redirect(303, `/admin/campaigns/${created.value.id}`);
  });

  router.get('/campaigns/:campaignId', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const view = dashboardQuery.parse(req.query);
    const { units, totals } = getCampaignDashboard(ctx.db, campaign.id, ctx.clock(), {
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
      formNames: formTypeNames(ctx.db),
      days,
      mailerKind: ctx.mailer.kind,
      purgedAt: campaign.status === 'closed' ? directoryPurgedAt(ctx.db, campaign.id) : null,
      barChart: barChartSvg(
        units.map((u) => ({
          id: u.unitId,
          label: u.unitName,
          percent: u.percent,
          tone: u.status,
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
    const { units, totals } = getCampaignDashboard(ctx.db, campaign.id, ctx.clock());
    const tr = tFor(res);
    const formNames = formTypeNames(ctx.db);
    res.json({
      at: ctx.clock(),
      totals,
      units: units.map((u) => ({
        unitId: u.unitId,
        sent: u.sent,
        bounced: u.bounced,
        answered: u.answered,
        invited: u.invited,
        quota: u.quota,
        percent: u.percent,
        // The status cell in words, as the page writes it (docs/DOMAIN.md § Where a unit stands).
        status: u.status,
        statusLabel: tr(`campaigns.unitStatus.${u.status}`),
        notes: [
          ...(u.missing > 0 ? [{ text: tr('campaigns.missingAnswers', { n: u.missing }), warn: false }] : []),
          ...u.shortLists.map((s) => ({
            text: tr('campaigns.listShortOf', {
              form: formNames[s.formType] ?? s.formType,
              listed: s.listed,
              quota: s.quota,
              missing: s.missing,
            }),
            warn: true,
          })),
        ],
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
      contactPhone: c.contactPhone ?? '',
      contactEmail: c.contactEmail ?? '',
      interviewGraceHours: c.interviewGraceHours,
    });
  });

  router.post('/campaigns/:campaignId/edit', (req, res) => {
    const id = campaignId(req);
    const updated = updateCampaign(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    if (!updated.ok)
      return renderEdit(res, statusOf(updated), id, req.body, refusalTexts(res, updated).fields);
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
    const deleted = deleteDraftCampaign(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    if (!deleted.ok) return renderDelete(res, statusOf(deleted), id, refusalTexts(res, deleted).message);
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
    // Opening a closed campaign is not offered on any page: a refusal here is the error page.
    const campaign = orThrow(
      openCampaign(ctx.db, { campaignId: campaignId(req) }, actorOf(res), ctx.clock()),
    );
    res.redirect(303, `/admin/campaigns/${campaign.id}`);
  });

  return router;
}
