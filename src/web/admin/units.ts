import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { recordAudit } from '../../audit/record-audit';
import { getCampaign } from '../../campaigns/campaigns';
import { t, type Translate } from '../../i18n/messages';
import { tFor } from '../locale';
import {
  getCampaignUnit,
  listCampaignUnits,
  listFormTypes,
  updateCampaignUnit,
} from '../../units/campaign-units';
import { formatVnDateTime, vnDay } from '../../time';
import { fieldErrors, vnDeadline } from '../form-values';
import { actorOf, campaignId, intParam } from './params';

const DATE = /^\d{4}-\d{2}-\d{2}$|^$/;

const unitForm = (tr: Translate) =>
  z
    .object({
      sendOn: z.string().trim().regex(DATE, tr('admin.units.badDate')).default(''),
      deadlineDate: z.string().trim().regex(DATE, tr('admin.units.badDate')).default(''),
      deadlineTime: z
        .string()
        .trim()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$|^$/, tr('admin.units.badTime'))
        .default(''),
    })
    .catchall(z.string())
    .refine((f) => f.deadlineTime === '' || f.deadlineDate !== '', {
      message: tr('admin.units.timeWithoutDate'),
      path: ['deadlineTime'],
    });

/** The units taking part in a campaign, and the edit page for one unit's schedule and quotas. */
export function unitRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:campaignId/units', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const units = listCampaignUnits(ctx.db, campaign.id);
    const savedId = Number(req.query.saved);
    res.render('admin/units', {
      title: tFor(res)('admin.units.title'),
      campaign,
      units,
      formTypes: listFormTypes(ctx.db),
      saved: units.find((u) => u.id === savedId) ?? null,
    });
  });

  const renderEdit = (
    res: Response,
    status: number,
    ids: [number, number],
    form: Record<string, unknown>,
    errors = {},
  ) =>
    res.status(status).render('admin/unit-edit', {
      title: tFor(res)('admin.units.editTitle'),
      campaign: getCampaign(ctx.db, ids[0]),
      unit: getCampaignUnit(ctx.db, ids[0], ids[1]),
      formTypes: listFormTypes(ctx.db),
      form,
      errors,
    });

  router.get('/campaigns/:campaignId/units/:unitId', (req, res) => {
    const ids: [number, number] = [campaignId(req), intParam(req, 'unitId')];
    const unit = getCampaignUnit(ctx.db, ...ids);
    const deadline = unit.deadlineAt === null ? '' : formatVnDateTime(unit.deadlineAt);
    renderEdit(res, 200, ids, {
      sendOn: unit.sendOn ?? '',
      deadlineDate: unit.deadlineAt === null ? '' : vnDay(unit.deadlineAt),
      // An end-of-day deadline is shown as a date alone, as the letters write it.
      deadlineTime: deadline.startsWith('23:59') || deadline === '' ? '' : deadline.slice(0, 5),
      ...Object.fromEntries(Object.entries(unit.quotas).map(([code, q]) => [`quota_${code}`, q])),
    });
  });

  router.post('/campaigns/:campaignId/units/:unitId', (req, res) => {
    const ids: [number, number] = [campaignId(req), intParam(req, 'unitId')];
    const parsed = unitForm(tFor(res)).safeParse(req.body);
    if (!parsed.success) return renderEdit(res, 400, ids, req.body, fieldErrors(parsed.error));
    const quotas: Record<string, number> = {};
    for (const { code } of listFormTypes(ctx.db)) {
      const raw = String(parsed.data[`quota_${code}`] ?? '').trim();
      const quota = Number(raw);
      if (raw === '' || !Number.isInteger(quota) || quota < 0 || quota > 100_000) {
        return renderEdit(res, 400, ids, req.body, { [`quota_${code}`]: tFor(res)('admin.units.badQuota') });
      }
      quotas[code] = quota;
    }
    const deadlineAt = vnDeadline(parsed.data.deadlineDate, parsed.data.deadlineTime);
    const sendOn = parsed.data.sendOn || null;
    if (sendOn && deadlineAt !== null && sendOn > vnDay(deadlineAt)) {
      return renderEdit(res, 400, ids, req.body, {
        deadlineDate: tFor(res)('admin.units.deadlineBeforeSend'),
      });
    }
    const unit = updateCampaignUnit(ctx.db, ...ids, { sendOn, deadlineAt, quotas });
    const text = t('admin.audit.unitText', {
      unit: unit.code,
      deadline: deadlineAt === null ? '—' : formatVnDateTime(deadlineAt),
      quotas: Object.entries(quotas)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    });
    recordAudit(ctx.db, actorOf(res), 'unit.update', { campaignId: ids[0], text }, ctx.clock());
    res.redirect(303, `/admin/campaigns/${ids[0]}/units?saved=${unit.id}#unit-${unit.id}`);
  });

  return router;
}
