import { sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client';
import {
  loadSendableCampaign,
  queueInvitationMails,
  type MailContext,
  type SendResult,
} from './queue-invitation-mails';

const DAY_MS = 24 * 60 * 60 * 1000;

export type SendRemindersInput = { campaignId: number; unitId?: number; invitationIds?: number[] };

/**
 * Queues a reminder ("[Nhắc lại] " + fixed subject) for every matching invitation that was delivered, is not
 * answered and whose deadline has not passed; never to someone who already answered that form.
 */
export function sendReminders(db: Db, input: SendRemindersInput, ctx: MailContext): SendResult {
  return inTransaction(db, () =>
    queueInvitationMails(
      db,
      loadSendableCampaign(db, input.campaignId),
      { ...input, statuses: ['sent'], extra: notPastDeadline(ctx.now) },
      'reminder',
      ctx,
    ),
  );
}

/**
 * Automatic reminders: for open campaigns with `reminder_days_before` set, one reminder per unanswered
 * invitation once its unit's deadline is that many days away (not again if one went out since then).
 */
export function sendDueReminders(db: Db, ctx: MailContext): number {
  const campaigns = db.all<{ id: number; days: number }>(sql`SELECT id, reminder_days_before AS days
    FROM campaigns WHERE status = 'open' AND reminder_days_before IS NOT NULL`);
  let queued = 0;
  for (const c of campaigns) {
    const windowStart = sql`(cu.deadline_at - ${c.days * DAY_MS})`;
    queued += inTransaction(db, () =>
      queueInvitationMails(
        db,
        loadSendableCampaign(db, c.id),
        {
          campaignId: c.id,
          statuses: ['sent'],
          extra: sql`cu.deadline_at IS NOT NULL AND ${ctx.now} >= ${windowStart} AND ${ctx.now} < cu.deadline_at
            AND (i.reminded_at IS NULL OR i.reminded_at < ${windowStart})`,
        },
        'reminder',
        ctx,
      ),
    ).queued;
  }
  return queued;
}

function notPastDeadline(now: number) {
  return sql`(COALESCE(cu.deadline_at, c.closes_at) IS NULL OR COALESCE(cu.deadline_at, c.closes_at) > ${now})`;
}
