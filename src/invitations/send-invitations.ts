import { sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { vnDay } from '../time';
import {
  loadSendableCampaign,
  notPastDeadline,
  queueInvitationMails,
  type MailContext,
  type SendResult,
} from './queue-invitation-mails';

export type SendInvitationsInput = {
  campaignId: number;
  unitId?: number;
  respondentId?: number;
  invitationIds?: number[];
  /** Also re-queue invitations whose mail failed or bounced (after the addresses were checked). */
  includeFailed?: boolean;
};

/**
 * Queues the invitation mail of every matching invitation not yet sent (and, with includeFailed, the failed and
 * bounced ones), in one transaction; refuses a draft or closed campaign with an AppError. A unit whose deadline
 * has passed is skipped: its links would only refuse answers.
 */
export function sendInvitations(db: Db, input: SendInvitationsInput, ctx: MailContext): SendResult {
  const statuses: DeliveryStatus[] = input.includeFailed ? ['not_sent', 'failed', 'bounced'] : ['not_sent'];
  return inTransaction(db, () =>
    queueInvitationMails(
      db,
      loadSendableCampaign(db, input.campaignId),
      { ...input, statuses, extra: notPastDeadline(ctx.now) },
      'invitation',
      ctx,
    ),
  );
}

/**
 * Scheduled sending: for open campaigns whose start time (if any) has come, queues the not-yet-sent invitations of
 * every unit whose sending day (Vietnam calendar) has come and whose deadline has not passed: nobody is mailed a
 * link that would still say "not open yet". Cheap when there is nothing to do; returns how many were queued.
 */
export function sendDueInvitations(db: Db, ctx: MailContext): number {
  const today = vnDay(ctx.now);
  const due = db.all<{ campaignId: number }>(sql`SELECT DISTINCT c.id AS campaignId
    FROM campaigns c
    JOIN campaign_units cu ON cu.campaign_id = c.id
    JOIN invitations i ON i.campaign_id = cu.campaign_id AND i.unit_id = cu.unit_id
    WHERE c.status = 'open' AND (c.opens_at IS NULL OR c.opens_at <= ${ctx.now})
      AND cu.send_on IS NOT NULL AND cu.send_on <= ${today} AND ${notPastDeadline(ctx.now)}
      AND i.delivery_status = 'not_sent' AND i.answered_on IS NULL`);
  let queued = 0;
  for (const { campaignId } of due) {
    queued += inTransaction(db, () =>
      queueInvitationMails(
        db,
        loadSendableCampaign(db, campaignId),
        {
          campaignId,
          statuses: ['not_sent'],
          extra: sql`cu.send_on IS NOT NULL AND cu.send_on <= ${today} AND ${notPastDeadline(ctx.now)}`,
        },
        'invitation',
        ctx,
      ),
    ).queued;
  }
  return queued;
}
