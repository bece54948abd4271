import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { type Actor } from '../audit/actor';
import { inTransaction, type Db } from '../db/client';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { formatVnDateTime } from '../time';
import { ANSWER_DEADLINE_SQL, unitCodeOf } from '../units/campaign-units';
import {
  countInvitationTargets,
  loadSendableCampaign,
  notPastDeadline,
  queueInvitationMails,
  recentReminders,
  type MailContext,
  type SendResult,
} from './queue-invitation-mails';

const DAY_MS = 24 * 60 * 60 * 1000;

export type SendRemindersInput = {
  campaignId: number;
  unitId?: number;
  formType?: string;
  invitationIds?: number[];
};

/**
 * Queues a reminder ("[Nhắc lại] " + fixed subject) for every matching invitation that was delivered, is not
 * answered and whose deadline has not passed; never to someone who already answered that form. With an actor
 * (a focal officer or admin on the web), the send is audited.
 */
export function sendReminders(
  db: Db,
  input: SendRemindersInput,
  ctx: MailContext & { actor?: Actor },
): SendResult {
  return inTransaction(db, () => {
    const result = queueInvitationMails(
      db,
      loadSendableCampaign(db, input.campaignId),
      { ...input, statuses: ['sent'], extra: notPastDeadline(ctx.now) },
      'reminder',
      ctx,
    );
    if (ctx.actor) {
      const text = t('admin.audit.remindText', {
        unit: input.unitId === undefined ? t('admin.audit.wholeCampaign') : unitCodeOf(db, input.unitId),
        form: input.formType ?? t('admin.audit.allForms'),
        count: result.queued,
      });
      recordAudit(db, ctx.actor, 'mail.remind', { campaignId: input.campaignId, text }, ctx.now);
    }
    return result;
  });
}

/**
 * The confirmation step before a unit's reminders: how many mails sendReminders would queue at `now` and to how
 * many people (and how many of them were already reminded in the last 24 hours, and when last), or why none may
 * go (campaign not open, the unit's deadline passed) as a Vietnamese sentence.
 */
export function planUnitReminders(
  db: Db,
  input: SendRemindersInput & { unitId: number },
  now: number,
): {
  refusal?: string;
  mails: number;
  people: number;
  recentlyReminded: number;
  lastRemindedAt: number | null;
} {
  const row = db.$client
    .prepare(
      `SELECT c.status, ${ANSWER_DEADLINE_SQL} AS deadline
       FROM campaigns c JOIN campaign_units cu ON cu.campaign_id = c.id WHERE c.id = ? AND cu.unit_id = ?`,
    )
    .get(input.campaignId, input.unitId) as { status: string; deadline: number | null } | undefined;
  if (!row) throw new AppError('not_found', 'errors.notFound');
  const refusal =
    row.status !== 'open'
      ? t(row.status === 'closed' ? 'officer.remind.closed' : 'officer.remind.draft')
      : row.deadline !== null && row.deadline < now
        ? t('officer.remind.pastDeadline', { deadline: formatVnDateTime(row.deadline) })
        : undefined;
  if (refusal) return { refusal, mails: 0, people: 0, recentlyReminded: 0, lastRemindedAt: null };
  const recent = recentReminders(
    db,
    { ...input, statuses: ['sent'], extra: notPastDeadline(now) },
    now - DAY_MS,
  );
  return {
    ...countReminders(db, input, now),
    recentlyReminded: recent.recent,
    lastRemindedAt: recent.lastAt,
  };
}

/** How many reminders sendReminders would queue at `now` for the same input, to how many people. */
export function countReminders(
  db: Db,
  input: SendRemindersInput,
  now: number,
): { mails: number; people: number } {
  return countInvitationTargets(db, { ...input, statuses: ['sent'], extra: notPastDeadline(now) });
}

/**
 * Automatic reminders: for open campaigns with `reminder_days_before` set, one reminder per unanswered
 * invitation once its unit's answer deadline (ANSWER_DEADLINE_SQL) is that many days away (not again if one went
 * out since then).
 */
export function sendDueReminders(db: Db, ctx: MailContext): number {
  const deadline = sql.raw(ANSWER_DEADLINE_SQL);
  // Only units inside their reminder window are looked at, so a tick with nothing to do stays cheap.
  const due = db.all<{ id: number; days: number }>(sql`SELECT DISTINCT c.id, c.reminder_days_before AS days
    FROM campaigns c JOIN campaign_units cu ON cu.campaign_id = c.id
    WHERE c.status = 'open' AND c.reminder_days_before IS NOT NULL AND ${deadline} IS NOT NULL
      AND ${ctx.now} >= ${deadline} - c.reminder_days_before * ${DAY_MS} AND ${ctx.now} < ${deadline}
      AND EXISTS (SELECT 1 FROM invitations i WHERE i.campaign_id = c.id AND i.unit_id = cu.unit_id
        AND i.delivery_status = 'sent' AND i.answered_on IS NULL
        AND (i.reminded_at IS NULL OR i.reminded_at < ${deadline} - c.reminder_days_before * ${DAY_MS}))`);
  let queued = 0;
  for (const c of due) {
    const windowStart = sql`(${deadline} - ${c.days * DAY_MS})`;
    queued += inTransaction(db, () =>
      queueInvitationMails(
        db,
        loadSendableCampaign(db, c.id),
        {
          campaignId: c.id,
          statuses: ['sent'],
          extra: sql`${deadline} IS NOT NULL AND ${ctx.now} >= ${windowStart} AND ${ctx.now} < ${deadline}
            AND (i.reminded_at IS NULL OR i.reminded_at < ${windowStart})`,
        },
        'reminder',
        ctx,
      ),
    ).queued;
  }
  return queued;
}
