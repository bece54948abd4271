import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { getCampaignProgress } from '../../campaigns/progress';
import { statusOf } from '../../errors';
import { tFor } from '../locale';
import { getCampaignUnit, listCampaignUnits, listFormTypes } from '../../units/campaign-units';
import { updateCampaignUnit } from '../../units/update-campaign-unit';
import { formatVnDate, formatVnDateTime, startOfVnDay } from '../../time';
import { refusalTexts } from '../form-values';
import { actorOf, campaignId, intParam } from './params';

/** The units taking part in a campaign, and the edit page for one unit's schedule and quotas. */
export function unitRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:campaignId/units', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const units = listCampaignUnits(ctx.db, campaign.id);
    const savedId = Number(req.query.saved);
    const listed = new Map(
      getCampaignProgress(ctx.db, campaign.id).map((p) => [`${p.unitId}:${p.formType}`, p.invited]),
    );
    res.render('admin/units', {
      title: tFor(res)('admin.units.title'),
      campaign,
      units,
      listedOf: (unitId: number, formType: string) => listed.get(`${unitId}:${formType}`) ?? 0,
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
      // Written dd/mm/yyyy whatever the browser's locale (docs/DOMAIN.md § Deadlines).
      sendOn: unit.sendOn === null ? '' : formatVnDate(startOfVnDay(unit.sendOn)),
      deadlineDate: unit.deadlineAt === null ? '' : formatVnDate(unit.deadlineAt),
      // An end-of-day deadline is shown as a date alone, as the letters write it.
      deadlineTime: deadline.startsWith('23:59') || deadline === '' ? '' : deadline.slice(0, 5),
      ...Object.fromEntries(Object.entries(unit.quotas).map(([code, q]) => [`quota_${code}`, q])),
    });
  });

  router.post('/campaigns/:campaignId/units/:unitId', (req, res) => {
    const ids: [number, number] = [campaignId(req), intParam(req, 'unitId')];
    const input = { ...req.body, campaignId: ids[0], unitId: ids[1] };
    const saved = updateCampaignUnit(ctx.db, input, actorOf(res), ctx.clock());
    // A closed campaign's page says so above its read-only fields: that refusal needs no field of its own.
    if (!saved.ok) return renderEdit(res, statusOf(saved), ids, req.body, refusalTexts(res, saved).fields);
    res.redirect(303, `/admin/campaigns/${ids[0]}/units?saved=${saved.value.id}#unit-${saved.value.id}`);
  });

  return router;
}
