import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from './context';
import { inUnitScope, unitScopeOf, type UnitScope } from '../auth';
import { getCampaignProgress } from '../campaigns/progress';
import { listShortfalls } from '../campaigns/unit-status';
import { groupByReason } from '../mail/delivery-failure';
import { AppError, done, orThrow, statusOf, type Outcome } from '../errors';
import { refusalTexts } from './form-values';
import { exportUnitInvitations } from '../exports/unit-invitations-table';
import {
  findUnitInvitation,
  INVITATION_FILTERS,
  INVITATION_SORTS,
  invitationsOfSamePerson,
  invitationState,
  listUnitInvitations,
  unitMailProblems,
  type ElsewhereInvitation,
} from '../invitations/list-unit-invitations';
import { correctAddress } from '../invitations/correct-address';
import { planUnitReminders, remindUnit } from '../invitations/remind-unit';
import { resendInvitation } from '../invitations/resend-invitation';
import { type Translate } from '../i18n/messages';
import { tFor } from './locale';
import {
  answerDeadline,
  campaignsOfUnits,
  formTypeNames,
  getCampaignUnit,
  listUnits,
} from '../units/campaign-units';
import { actorOf, intParam } from './admin/params';
import { remainingText } from './countdown';
import { directoryPurgedAt } from '../audit/list-audit';
import { queryLink } from './query-link';
import { listOpenLinks, openLinkUrl } from '../open-links/open-links';
import { renderPosters } from './open-link-views';
import { currentUser, requireUnitAccess } from './guards';
import { adminNav, officerNav, withNav } from './nav';

const unitPageQuery = z.object({
  campaign: z.coerce.number().int().positive().optional().catch(undefined),
  // Chasing is what the list is opened for: it starts on those who have not answered.
  filter: z.enum(INVITATION_FILTERS).catch('unanswered'),
  q: z.string().max(100).catch(''),
  sort: z.enum(INVITATION_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).catch(1),
});

/** The flash after a successful action, carried in the redirect (`?ok=…&n=…&row=…`) instead of a session. */
const FLASHES = ['resent', 'corrected', 'correctedUnsent', 'unchanged', 'reminded'] as const;
const flashQuery = z.object({
  ok: z.enum(FLASHES).optional().catch(undefined),
  n: z.coerce.number().int().min(0).optional().catch(undefined),
  row: z.coerce.number().int().positive().optional().catch(undefined),
  /** After a correction: the person's invitations in units outside the user's scope, left at the old address. */
  kept: z.coerce.number().int().min(0).optional().catch(undefined),
});
type Flash = z.infer<typeof flashQuery>;

/** What a failed action shows on the re-rendered page: the message, and the row and value it concerns. */
type ActionError = { message: string; invitationId?: number; email?: string };

// Refusals the person can act on (bad address, closed campaign…) are shown on the page; anything else is an error.
const SHOWN_ERRORS = new Set(['invalid_input', 'conflict', 'campaign_closed']);

const emailBody = z.object({ email: z.string().max(320).catch('') });
const remindQuery = z.object({
  campaign: z.coerce.number().int().positive().optional().catch(undefined),
  form: z.string().max(20).optional().catch(undefined),
});

/**
 * The focal officer's pages: their units' progress per form type and invitation lists, never any answer.
 * Mounted behind requireUser; every /units/:unitId route checks the unit with requireUnitAccess.
 */
export function officerRouter(ctx: AppContext): Router {
  const router = Router();
  // An admin opening a unit from the dashboard keeps the admin navigation (and a way back to the campaign).
  const adminNavigation = withNav(adminNav);
  const officerNavigation = withNav(officerNav);
  router.use((req, res, next) =>
    (currentUser(res)?.role === 'admin' ? adminNavigation : officerNavigation)(req, res, next),
  );

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
    const units = [...new Map(progress.map((p) => [p.unitId, p])).values()]
      .map((u) => {
        const forms = progress.filter((p) => p.unitId === u.unitId);
        return {
          ...u,
          forms,
          shortList: listShortfalls(forms).length > 0,
          remaining: remainingUnlessClosed(campaign!, u.deadlineAt, ctx.clock(), tFor(res)),
        };
      })
      // A list shorter than its quota needs the officer first: no reminder can make up for it.
      .sort((a, b) => Number(b.shortList) - Number(a.shortList));
    res.render('officer/index', {
      title: tFor(res)('officer.homeTitle'),
      hasUnits: unitIds.length > 0,
      campaigns,
      campaign,
      units,
      formNames: formTypeNames(ctx.db),
      now: ctx.clock(),
    });
  });

  /** The unit page: progress, mail problems, the invitation list with its row actions, and any flash. */
  const renderUnit = (req: Request, res: Response, error?: ActionError) => {
    const query = unitPageQuery.parse(req.query);
    const unitId = Number(req.params.unitId);
    const own = campaignsOfUnits(ctx.db, [unitId]);
    const chosen = pickCampaign(own, query.campaign);
    if (!chosen) return res.render('officer/unit-empty', { title: tFor(res)('officer.unitTitle'), unitId });
    const unit = getCampaignUnit(ctx.db, chosen.id, unitId);
    // The unit's own deadline, or the campaign's closing time when that comes first: when its links stop.
    const deadlineAt = answerDeadline(ctx.db, chosen.id, unitId);
    const list = listUnitInvitations(ctx.db, chosen.id, unitId, {
      filter: query.filter,
      search: query.q,
      sort: query.sort,
      desc: query.dir === 'desc',
      page: query.page,
    });
    const flash: Flash = error ? {} : flashQuery.parse(req.query);
    const listState = { ...query, campaign: chosen.id };
    const user = currentUser(res)!;
    const admin = user.role === 'admin';
    const unitScope = unitScopeOf(user);
    const flashRow = flash.row === undefined ? undefined : findUnitInvitation(ctx.db, unitId, flash.row);
    res.render('officer/unit', {
      title: unit.name,
      crumb: admin
        ? { href: `/admin/campaigns/${chosen.id}`, label: `‹ ${chosen.name}` }
        : { href: `/officer?campaign=${chosen.id}`, label: tFor(res)('officer.back') },
      unit,
      isAdmin: admin,
      campaigns: own,
      campaign: chosen,
      query,
      forms: getCampaignProgress(ctx.db, chosen.id, [unitId]),
      openLinks: listOpenLinks(ctx.db, chosen.id, [unitId])
        .filter((l) => l.revokedAt === null)
        .map((l) => ({ ...l, url: openLinkUrl(ctx.config.PUBLIC_URL, l.code) })),
      formNames: formTypeNames(ctx.db),
      // Grouped by reason: the server's text names the address, so grouping by it counts every mail alone.
      problems: groupByReason(unitMailProblems(ctx.db, chosen.id, unitId)),
      list: {
        ...list,
        rows: list.rows.map((r) => ({
          ...r,
          state: invitationState(r),
          shared: sharedWith(r.elsewhere, unitScope),
        })),
      },
      now: ctx.clock(),
      // "Sao chép danh sách" on the unanswered view: their names, once each, never a link.
      chaseNames:
        query.filter === 'unanswered' && query.q === ''
          ? [
              // One line per person (by address: two people may share a name), in the list's name order.
              ...new Map(
                listUnitInvitations(ctx.db, chosen.id, unitId, { filter: 'unanswered', pageSize: 100_000 })
                  .rows.filter((r) => r.fullName !== '')
                  .map((r) => [r.email, r.fullName]),
              ).values(),
            ]
          : [],
      link: queryLink(`/officer/units/${unitId}`, { ...listState, page: undefined }),
      // Row actions post to a URL carrying the list's state, so the redirect comes back to the same view.
      rowAction: (id: number, action: string) =>
        queryLink(`/officer/units/${unitId}/thu-moi/${id}/${action}`, listState)(),
      flash,
      flashRow,
      // After a correction reaching several units: which forms of which units now go to the new address.
      coveredForms:
        flashRow && (flash.ok === 'corrected' || flash.ok === 'correctedUnsent')
          ? coveredForms(invitationsOfSamePerson(ctx.db, flashRow.id), unitScope)
          : undefined,
      error,
      deadlineAt,
      remaining: remainingUnlessClosed(chosen, deadlineAt, ctx.clock(), tFor(res)),
      // After the purge the list holds only blanked rows: the page says so instead of showing them.
      purgedAt: chosen.status === 'closed' ? directoryPurgedAt(ctx.db, chosen.id) : null,
    });
  };

  router.get('/units/:unitId', requireUnitAccess, (req, res) => renderUnit(req, res));

  // The unit's posters of the campaign asked for (docs/DOMAIN.md § Open links): only its own links.
  router.get('/units/:unitId/ap-phich', requireUnitAccess, async (req, res) => {
    const { campaign } = unitPageQuery.parse(req.query);
    if (campaign === undefined) throw new AppError('not_found', 'errors.notFound');
    await renderPosters(ctx.db, ctx.config.PUBLIC_URL, res, campaign, [Number(req.params.unitId)]);
  });

  /** Runs a row action on an invitation of this unit (404 for any other), then redirects with a flash. */
  const rowAction =
    (
      /** Does the action; returns the flash that says what was done, or the refusal. */
      run: (req: Request, res: Response, invitationId: number) => Outcome<Omit<Flash, 'row'>>,
      { addressForm = false } = {},
    ) =>
    (req: Request, res: Response) => {
      const unitId = Number(req.params.unitId);
      const invitation = findUnitInvitation(ctx.db, unitId, intParam(req, 'invitationId'));
      if (!invitation) throw new AppError('not_found', 'errors.notFound');
      const outcome = run(req, res, invitation.id);
      if (!outcome.ok && SHOWN_ERRORS.has(outcome.code)) {
        res.status(statusOf(outcome));
        // A refused address is shown in the row's form with what was typed; other refusals only in the flash.
        const typed = addressForm
          ? { invitationId: invitation.id, email: emailBody.parse(req.body ?? {}).email }
          : {};
        return renderUnit(req, res, { message: refusalTexts(res, outcome).message, ...typed });
      }
      const done = orThrow(outcome);
      const query = unitPageQuery.parse(req.query);
      const back = queryLink(`/officer/units/${unitId}`, {
        ...query,
        campaign: invitation.campaignId,
        ...done,
      });
      res.redirect(303, `${back({ row: invitation.id })}#inv-${invitation.id}`);
    };

  router.post(
    '/units/:unitId/thu-moi/:invitationId/gui-lai',
    requireUnitAccess,
    rowAction((_req, res, id) => {
      const input = { invitationId: id, publicUrl: ctx.config.PUBLIC_URL };
      const resent = resendInvitation(ctx.db, input, actorOf(res), ctx.clock());
      return resent.ok ? done({ ok: 'resent' }) : resent;
    }),
  );

  router.post(
    '/units/:unitId/thu-moi/:invitationId/sua-email',
    requireUnitAccess,
    rowAction(
      (req, res, id) => {
        const input = {
          invitationId: id,
          email: emailBody.parse(req.body ?? {}).email,
          scope: unitScopeOf(currentUser(res)!),
          publicUrl: ctx.config.PUBLIC_URL,
        };
        const outcome = correctAddress(ctx.db, input, actorOf(res), ctx.clock());
        if (!outcome.ok) return outcome;
        const fixed = outcome.value;
        if (!fixed.changed) return done({ ok: 'unchanged' });
        // Nobody mailed yet: the invitation waits for the unit's sending, to the new address.
        const ok = fixed.queued > 0 ? 'corrected' : 'correctedUnsent';
        return done({ ok, kept: fixed.keptElsewhere || undefined });
      },
      { addressForm: true },
    ),
  );

  /** The reminder plan for the unit: whom it would reach, or why it cannot be sent now. */
  const reminderPlan = (req: Request, tr: Translate) => {
    const unitId = Number(req.params.unitId);
    const query = remindQuery.parse(req.query);
    const campaign = pickCampaign(campaignsOfUnits(ctx.db, [unitId]), query.campaign);
    if (!campaign) throw new AppError('not_found', 'errors.notFound');
    const names = formTypeNames(ctx.db);
    const formType = query.form && Object.hasOwn(names, query.form) ? query.form : undefined;
    const input = { campaignId: campaign.id, unitId, formType };
    return {
      input,
      ...planUnitReminders(ctx.db, input, ctx.clock()),
      unit: getCampaignUnit(ctx.db, campaign.id, unitId),
      campaign,
      formName: formType ? names[formType]! : tr('officer.remind.allForms'),
      back: queryLink(`/officer/units/${unitId}`, { campaign: campaign.id })(),
      action: queryLink(`/officer/units/${unitId}/nhac-nho`, { campaign: campaign.id, form: formType })(),
    };
  };

  router.get('/units/:unitId/nhac-nho', requireUnitAccess, (req, res) => {
    res.render('officer/remind', {
      title: tFor(res)('officer.remind.confirmTitle'),
      plan: reminderPlan(req, tFor(res)),
    });
  });

  router.post('/units/:unitId/nhac-nho', requireUnitAccess, (req, res) => {
    const plan = reminderPlan(req, tFor(res));
    const input = { ...plan.input, publicUrl: ctx.config.PUBLIC_URL };
    const reminded = remindUnit(ctx.db, input, actorOf(res), ctx.clock());
    // Refused (closed, past the deadline, nobody left to remind): the confirmation page says why.
    if (!reminded.ok) {
      res.status(statusOf(reminded));
      return res.render('officer/remind', { title: tFor(res)('officer.remind.confirmTitle'), plan });
    }
    const { queued } = reminded.value;
    const back = queryLink(`/officer/units/${plan.unit.id}`, { campaign: plan.campaign.id, ok: 'reminded' });
    res.redirect(303, `${back({ n: queued })}#list`);
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

/** The countdown to a unit's deadline, or null: none without a deadline, and none once the campaign is closed
 * (its links refuse answers whatever the deadline says; the page says "closed" instead). */
function remainingUnlessClosed(
  campaign: { status: string },
  deadlineAt: number | null,
  now: number,
  tr: Translate,
): string | null {
  return deadlineAt === null || campaign.status === 'closed' ? null : remainingText(deadlineAt, now, tr);
}

/**
 * What a row says of a person also listed by other units (docs/DOMAIN.md § Focal officers): where (unit and
 * form), which of those units a correction made here leaves alone, and which it covers too.
 */
function sharedWith(elsewhere: ElsewhereInvitation[], scope: UnitScope) {
  const unitNames = (list: ElsewhereInvitation[]) => [...new Set(list.map((e) => e.unitName))].join(', ');
  return {
    listedBy: elsewhere.map((e) => `${e.unitName} (${e.formName})`).join('; '),
    leftToOthers: unitNames(elsewhere.filter((e) => !inUnitScope(scope, e.unitId))),
    coveredToo: unitNames(elsewhere.filter((e) => inUnitScope(scope, e.unitId))),
  };
}

/** "form – unit; form – unit" for a person's invitations in the user's scope, when they span several units. */
function coveredForms(invitations: ElsewhereInvitation[], scope: UnitScope): string | undefined {
  const covered = invitations.filter((i) => inUnitScope(scope, i.unitId));
  if (new Set(covered.map((i) => i.unitId)).size < 2) return undefined;
  return covered.map((i) => `${i.formName} – ${i.unitName}`).join('; ');
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
