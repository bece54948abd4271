import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail, type AuditDetail } from '../audit/audit-detail';
import { SYSTEM_ACTOR } from '../audit/actor';
import { command, reason } from '../command';
import type { Db } from '../db/client';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { computeCampaignScores, type UnitFormScore } from '../scoring/compute-campaign-scores';
import { getScoreSnapshot, storeScoreSnapshot } from '../scoring/score-snapshot';
import { campaignIdField, getCampaign, type Campaign } from './campaigns';
import { directoryPurgedAt } from '../audit/list-audit';
import { dropOpenChecks } from '../open-links/checks';

export type CloseResult = {
  campaign: Campaign;
  snapshot: Array<UnitFormScore & { computedAt: number }>;
  /** True when the campaign was already closed and nothing changed. */
  alreadyClosed: boolean;
};

/**
 * Freezes the counts (docs/DOMAIN.md § Quota shortfall): in one transaction marks the campaign closed, stores the score
 * snapshot (one row per unit × form type), drops what the open links' checks kept, and audits it. Closing a closed campaign returns its snapshot as is.
 */
export const closeCampaign = command(
  z.object({ campaignId: campaignIdField }),
  ({ db, actor, now }, { campaignId }): CloseResult => {
    const current = getCampaign(db, campaignId);
    if (current.status === 'closed') {
      return { campaign: current, snapshot: getScoreSnapshot(db, campaignId), alreadyClosed: true };
    }
    if (current.status === 'draft') throw new AppError('conflict', 'results.closeDraft');
    const scores = computeCampaignScores(db, campaignId);
    storeScoreSnapshot(db, campaignId, scores, now);
    // What the open links' checks kept about addresses goes with the last answer (docs/DOMAIN.md § Open links).
    dropOpenChecks(db, campaignId);
    const campaign = db
      .update(campaigns)
      .set({ status: 'closed', closedAt: now })
      .where(eq(campaigns.id, campaignId))
      .returning()
      .get();
    const received = scores.reduce((sum, s) => sum + s.received, 0);
    const detail: AuditDetail = {
      key: 'admin.audit.closeText',
      params: { scores: scores.length, answers: received },
    };
    recordAudit(db, actor, 'campaign.close', { campaignId, detail }, now);
    return { campaign, snapshot: getScoreSnapshot(db, campaignId), alreadyClosed: false };
  },
);

/**
 * Reopens a closed campaign for answers; a reason is required and audited. The old snapshot stays (shown as
 * the previous close) until the next close replaces it. Automatic closing skips a campaign reopened after its
 * last deadline until that deadline is extended, so a reopen is not undone by the worker a minute later. A
 * campaign whose personal data was purged cannot be reopened.
 */
export const reopenCampaign = command(
  z.object({
    campaignId: campaignIdField,
    reason: z.string().trim().min(3, reason('results.reopenReasonRequired')).max(500),
  }),
  ({ db, actor, now }, { campaignId, reason: text }): Campaign => {
    const current = getCampaign(db, campaignId);
    if (current.status !== 'closed') throw new AppError('conflict', 'results.reopenNotClosed');
    // After the purge nobody holds a working link and the addresses are blanked: reopening would only mail
    // placeholders and reopen scores that can no longer change.
    if (directoryPurgedAt(db, campaignId) !== null) throw new AppError('conflict', 'results.reopenPurged');
    const campaign = db
      .update(campaigns)
      .set({ status: 'open', closedAt: null })
      .where(eq(campaigns.id, campaignId))
      .returning()
      .get();
    recordAudit(db, actor, 'campaign.reopen', { campaignId, detail: plainDetail(text) }, now);
    return campaign;
  },
);

type DueRow = {
  id: number;
  closesAt: number | null;
  lastUnitDeadline: number | null;
  unitsWithoutDeadline: number;
  reopenedAt: number | null;
  graceHours: number;
};

const HOUR = 3_600_000;

/**
 * Closes every open campaign whose last deadline (the latest of its units' deadlines and its closes_at) has
 * passed, plus the interview grace when it has enumerators assigned; returns the ids closed. Units without a
 * deadline of their own keep a campaign without closes_at open.
 */
export function autoCloseDueCampaigns(db: Db, now: number): number[] {
  const rows = db.$client.prepare(DUE_SQL).all() as DueRow[];
  const closed: number[] = [];
  for (const row of rows) {
    const last =
      row.closesAt !== null
        ? Math.max(row.closesAt, row.lastUnitDeadline ?? row.closesAt)
        : row.unitsWithoutDeadline > 0
          ? null
          : row.lastUnitDeadline;
    // Interviews done before the deadline may be uploaded within the grace (docs/DOMAIN.md § Interviews).
    if (last === null || last + row.graceHours * HOUR >= now) continue;
    if (row.reopenedAt !== null && row.reopenedAt > last) continue;
    const outcome = closeCampaign(db, { campaignId: row.id }, SYSTEM_ACTOR, now);
    if (outcome.ok && !outcome.value.alreadyClosed) closed.push(row.id);
  }
  return closed;
}

const DUE_SQL = `
  select c.id, c.closes_at as closesAt,
    (select max(deadline_at) from campaign_units cu where cu.campaign_id = c.id) as lastUnitDeadline,
    (select count(*) from campaign_units cu where cu.campaign_id = c.id and cu.deadline_at is null)
      as unitsWithoutDeadline,
    (select max(at) from audit_log a where a.campaign_id = c.id and a.action = 'campaign.reopen') as reopenedAt,
    case when exists (select 1 from enumerator_assignments ea where ea.campaign_id = c.id)
      then c.interview_grace_hours else 0 end as graceHours
  from campaigns c
  where c.status = 'open'
`;
