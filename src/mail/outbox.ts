import { perConnection, type Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import type { MailKind } from '../db/schema';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';
import { afterFailure, DEFAULT_RETRY, type RetryPolicy } from './retry-policy';
import { claimDueThankYous, deliverThankYou } from './thank-you-slots';
import type { Mailer } from './transport';

export type NewMail = {
  kind: MailKind;
  to: string;
  subject: string;
  html: string;
  text: string;
  campaignId?: number | null;
  invitationId?: number | null;
  batchId?: string | null;
};

/** A claimed outbox row, as the delivery code needs it. */
export type ClaimedMail = {
  id: number;
  kind: MailKind;
  invitationId: number | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
};

/** `dropped`: an invitation or reminder whose link can no longer be answered, withdrawn instead of sent. */
export type DeliveryOutcome = 'sent' | 'retried' | 'bounced' | 'failed' | 'dropped';

// Hot statements, prepared once per connection: a send of 10,000 invitations runs each 10,000 times.
const statements = perConnection((c) => {
  const markInvitation = c.prepare(
    `UPDATE invitations SET delivery_status = ?, delivery_detail = ?
     WHERE id = ? AND delivery_status IN ('queued', 'sent')`,
  );
  const setOutboxFinal = c.prepare(
    `UPDATE mail_outbox SET status = ?, last_error = ?, attempts = ?, locked_at = NULL WHERE id = ?`,
  );
  const setOutboxSent = c.prepare(
    `UPDATE mail_outbox SET status = 'sent', sent_at = ?, message_id = ?, eml_path = ?, attempts = ?,
       last_error = NULL, locked_at = NULL WHERE id = ?`,
  );
  const setInvitationSent = c.prepare(
    `UPDATE invitations SET delivery_status = 'sent', sent_at = ?, delivery_detail = NULL WHERE id = ?`,
  );
  const deleteOutbox = c.prepare(`DELETE FROM mail_outbox WHERE id = ?`);
  const unqueueInvitation = c.prepare(
    `UPDATE invitations SET delivery_status = CASE WHEN sent_at IS NULL THEN 'not_sent' ELSE 'sent' END
     WHERE id = ? AND delivery_status = 'queued'`,
  );
  return {
    // The same conditions as the survey link's "open" state: the campaign is open, neither the unit's deadline
    // nor the campaign's closing time has passed and the invitation is not answered. A message queued before a close, a
    // deadline or an answer must not invite anyone to a link that refuses them.
    answerable: c
      .prepare(
        `SELECT 1 FROM invitations i
         JOIN campaigns c ON c.id = i.campaign_id
         LEFT JOIN campaign_units cu ON cu.campaign_id = i.campaign_id AND cu.unit_id = i.unit_id
         WHERE i.id = ? AND c.status = 'open' AND i.answered_on IS NULL
           AND (${ANSWER_DEADLINE_SQL} IS NULL OR ? <= ${ANSWER_DEADLINE_SQL})`,
      )
      .pluck(),
    // The invitation goes back to what it was ("not sent", or "sent" for a resend): a reopen or an extended
    // deadline lets it be sent again.
    drop: c.transaction((mail: ClaimedMail) => {
      deleteOutbox.run(mail.id);
      if (mail.invitationId && mail.kind === 'invitation') unqueueInvitation.run(mail.invitationId);
    }),
    insert: c.prepare(
      `INSERT INTO mail_outbox (kind, to_address, subject, html, text_body, campaign_id, invitation_id, batch_id,
         next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    claim: c.prepare(
      `UPDATE mail_outbox SET status = 'sending', locked_at = ?
       WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING id, kind, invitation_id AS invitationId, to_address AS "to", subject, html,
                 text_body AS text, attempts`,
    ),
    release: c.prepare(
      `UPDATE mail_outbox SET status = 'queued', locked_at = NULL WHERE status = 'sending' AND locked_at <= ?`,
    ),
    retry: c.prepare(
      `UPDATE mail_outbox SET status = 'queued', attempts = ?, last_error = ?, next_attempt_at = ?,
         locked_at = NULL WHERE id = ?`,
    ),
    markSent: c.transaction((mail: ClaimedMail, at: number, messageId: string, emlPath: string | null) => {
      if (mail.kind === 'thank_you') return deleteOutbox.run(mail.id);
      setOutboxSent.run(at, messageId, emlPath, mail.attempts + 1, mail.id);
      if (mail.invitationId && mail.kind === 'invitation') setInvitationSent.run(at, mail.invitationId);
    }),
    markFinal: c.transaction((mail: ClaimedMail, status: 'bounced' | 'failed', reason: string) => {
      if (mail.kind === 'thank_you') return deleteOutbox.run(mail.id);
      setOutboxFinal.run(status, reason, mail.attempts + 1, mail.id);
      // A bad address shows on the invitation whether the invitation or a reminder found it out.
      if (mail.invitationId && (mail.kind === 'invitation' || mail.kind === 'reminder')) {
        markInvitation.run(status, reason, mail.invitationId);
      }
    }),
  };
});

/** Queues a rendered message; call inside the transaction of the change that causes it. */
export function enqueueMail(db: Db, mail: NewMail, now = Date.now()): number {
  const info = statements(db).insert.run(
    mail.kind,
    mail.to,
    mail.subject,
    mail.html,
    mail.text,
    mail.campaignId ?? null,
    mail.invitationId ?? null,
    mail.batchId ?? null,
    now,
  );
  return Number(info.lastInsertRowid);
}

/** Marks up to `limit` due messages `sending` (one atomic statement) and returns them, oldest due first. */
export function claimDueMail(db: Db, now: number, limit: number): ClaimedMail[] {
  if (limit <= 0) return [];
  const rows = statements(db).claim.all(now, now, limit) as ClaimedMail[];
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Messages left `sending` (claimed at or before `lockedBefore`) by a crashed worker go back to the queue; at
 * most the ones that were in flight get sent twice.
 */
export function releaseStuckMail(db: Db, lockedBefore: number): number {
  return statements(db).release.run(lockedBefore).changes;
}

/**
 * Sends one claimed message and records the outcome on the outbox row and, for invitations, the invitation (in
 * the commit shared by the outcomes recorded in the same event-loop turn: each commit waits for the disk). A
 * thank-you mail queued here by an earlier release (they now wait in slots: thank-you-slots.ts) leaves the outbox
 * once its delivery ends, whatever the outcome: kept, its address and its place in the queue would order the
 * people who answered (docs/DOMAIN.md § Anonymity and personal data).
 */
export async function deliverClaimed(
  db: Db,
  mailer: Mailer,
  mail: ClaimedMail,
  options: { from: string; clock: () => number; retry?: RetryPolicy },
): Promise<DeliveryOutcome> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const s = statements(db);
  if (
    mail.invitationId !== null &&
    (mail.kind === 'invitation' || mail.kind === 'reminder') &&
    s.answerable.get(mail.invitationId, options.clock()) === undefined
  ) {
    await inGroupCommit(db, () => s.drop(mail));
    return 'dropped';
  }
  try {
    const sent = await mailer.send({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
    await inGroupCommit(db, () => s.markSent(mail, options.clock(), sent.messageId, sent.emlPath ?? null));
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const attempts = mail.attempts + 1;
    const next = afterFailure(error, attempts, retry);
    if (next.outcome === 'retried') {
      await inGroupCommit(db, () => s.retry.run(attempts, reason, options.clock() + next.delayMs, mail.id));
    } else {
      await inGroupCommit(db, () => s.markFinal(mail, next.outcome, reason));
    }
    return next.outcome;
  }
}

export type DeliveryOptions = { from: string; now?: number; limit?: number; retry?: RetryPolicy };
export type DeliveryResult = { sent: number; retried: number; bounced: number; dropped: number };

/** Delivers due messages one after another (tests, one-off runs); the worker runs the same claim/deliver code. */
export async function deliverDueMail(
  db: Db,
  mailer: Mailer,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const clock = options.now === undefined ? Date.now : () => options.now!;
  const result: DeliveryResult = { sent: 0, retried: 0, bounced: 0, dropped: 0 };
  const limit = options.limit ?? 100;
  const thanks = claimDueThankYous(db, clock(), limit);
  const outcomes: DeliveryOutcome[] = [];
  for (const mail of thanks) outcomes.push(await deliverThankYou(db, mailer, mail, { ...options, clock }));
  for (const mail of claimDueMail(db, clock(), limit - thanks.length)) {
    outcomes.push(await deliverClaimed(db, mailer, mail, { ...options, clock }));
  }
  for (const outcome of outcomes) {
    if (outcome === 'sent') result.sent++;
    else if (outcome === 'retried') result.retried++;
    else if (outcome === 'dropped') result.dropped++;
    else result.bounced++;
  }
  return result;
}
