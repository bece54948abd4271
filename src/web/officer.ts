import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { getCampaignProgress } from '../campaigns/progress';
import { exportUnitInvitations } from '../invitations/export-unit-invitations';
import {
  INVITATION_FILTERS,
  INVITATION_SORTS,
  invitationState,
  listUnitInvitations,
} from '../invitations/list-unit-invitations';
import { t } from '../i18n/messages';
import { campaignsOfUnits, getCampaignUnit, listFormTypes, listUnits } from '../units/campaign-units';
import { remainingText } from './countdown';
import { queryLink } from './query-link';
import { currentUser, requireUnitAccess } from './guards';
import { officerNav, withNav } from './nav';

const unitPageQuery = z.object({
  campaign: z.coerce.number().int().positive().optional().catch(undefined),
  filter: z.enum(INVITATION_FILTERS).catch('all'),
  q: z.string().max(100).catch(''),
  sort: z.enum(INVITATION_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).catch(1),
});

/**
 * The focal officer's pages: their units' progress per form type and invitation lists, never any answer.
 * Mounted behind requireUser; every /units/:unitId route checks the unit with requireUnitAccess.
 */
export function officerRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(withNav(officerNav));

  /** The user's units (admins: all), the campaigns they take part in, and the chosen one. */
  const scope = (res: Response, requested?: number) => {
    const user = currentUser(res)!;
    const unitIds = user.role === 'admin' ? listUnits(ctx.db).map((u) => u.id) : user.unitIds;
    const campaigns = campaignsOfUnits(ctx.db, unitIds);
    return { unitIds, campaigns, campaign: pickCampaign(campaigns, requested) };
  };

  router.get('/', (req, res) => {
    const { unitIds, campaigns, campaign } = scope(res, unitPageQuery.parse(req.query).campaign);
    const progress = campaign ? getCampaignProgress(ctx.db, campaign.id, unitIds) : [];
    const units = [...new Map(progress.map((p) => [p.unitId, p])).values()].map((u) => ({
      ...u,
      forms: progress.filter((p) => p.unitId === u.unitId),
      remaining: u.deadlineAt === null ? null : remainingText(u.deadlineAt, ctx.clock()),
    }));
    res.render('officer/index', {
      title: t('officer.homeTitle'),
      hasUnits: unitIds.length > 0,
      campaigns,
      campaign,
      units,
      formNames: formNames(ctx),
      now: ctx.clock(),
    });
  });

  router.get('/units/:unitId', requireUnitAccess, (req, res) => {
    const query = unitPageQuery.parse(req.query);
    const unitId = Number(req.params.unitId);
    const own = campaignsOfUnits(ctx.db, [unitId]);
    const chosen = pickCampaign(own, query.campaign);
    if (!chosen) return res.render('officer/unit-empty', { title: t('officer.unitTitle'), unitId });
    const unit = getCampaignUnit(ctx.db, chosen.id, unitId);
    const list = listUnitInvitations(ctx.db, chosen.id, unitId, {
      filter: query.filter,
      search: query.q,
      sort: query.sort,
      desc: query.dir === 'desc',
      page: query.page,
    });
    res.render('officer/unit', {
      title: unit.name,
      unit,
      campaigns: own,
      campaign: chosen,
      query,
      forms: getCampaignProgress(ctx.db, chosen.id, [unitId]),
      formNames: formNames(ctx),
      list: { ...list, rows: list.rows.map((r) => ({ ...r, state: invitationState(r) })) },
      now: ctx.clock(),
      link: queryLink(`/officer/units/${unitId}`, { ...query, campaign: chosen.id, page: undefined }),
      remaining: unit.deadlineAt === null ? null : remainingText(unit.deadlineAt, ctx.clock()),
    });
  });

  router.get('/units/:unitId/danh-sach.xlsx', requireUnitAccess, async (req, res) => {
    const unitId = Number(req.params.unitId);
    const campaignId =
      pickCampaign(campaignsOfUnits(ctx.db, [unitId]), unitPageQuery.parse(req.query).campaign)?.id ?? 0;
    const unit = getCampaignUnit(ctx.db, campaignId, unitId);
    const file = await exportUnitInvitations(ctx.db, campaignId, unitId);
    res.attachment(`danh-sach-${unit.code}-dot-${campaignId}.xlsx`);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(file);
  });

  return router;
}

/** The requested campaign if allowed, else the open one, else the newest. */
function pickCampaign<C extends { id: number; status: string }>(
  campaigns: C[],
  requested?: number,
): C | undefined {
  return (
    campaigns.find((c) => c.id === requested) ?? campaigns.find((c) => c.status === 'open') ?? campaigns[0]
  );
}

function formNames(ctx: AppContext): Record<string, string> {
  return Object.fromEntries(listFormTypes(ctx.db).map((f) => [f.code, f.name]));
}
