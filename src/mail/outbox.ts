import { perConnection, type Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import type { MailKind } from '../db/schema';
import { afterFailure, DEFAULT_RETRY, type DeliveryOutcome, type RetryPolicy } from './retry-policy';
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

/**
 * What the folder a message is about learns of its delivery (invitations/ registers one through the app wiring:
 * mail/ knows messages, not invitations). Each call runs inside the transaction that records the outcome.
 */
export type DeliveryListener = {
  /** Asked before sending: false withdraws the message instead (`dropped`). */
  wanted(db: Db, mail: ClaimedMail, now: number): boolean;
  dropped(db: Db, mail: ClaimedMail): void;
  sent(db: Db, mail: ClaimedMail, at: number): void;
  /** The message will not be delivered: the address was refused, or the retries ran out. */
  undelivered(db: Db, mail: ClaimedMail, status: 'bounced' | 'failed', reason: string): void;
};

// Hot statements, prepared once per connection: a send of 10,000 invitations runs each 10,000 times.
const statements = perConnection((c) => {
  const setOutboxFinal = c.prepare(
    `UPDATE mail_outbox SET status = ?, last_error = ?, attempts = ?, locked_at = NULL WHERE id = ?`,
  );
  const setOutboxSent = c.prepare(
    `UPDATE mail_outbox SET status = 'sent', sent_at = ?, message_id = ?, eml_path = ?, attempts = ?,
       last_error = NULL, locked_at = NULL WHERE id = ?`,
  );
  const deleteOutbox = c.prepare(`DELETE FROM mail_outbox WHERE id = ?`);
  return {
    drop: c.transaction((db: Db, listener: DeliveryListener, mail: ClaimedMail) => {
      deleteOutbox.run(mail.id);
      listener.dropped(db, mail);
    }),
    insert: c.prepare(
      `INSERT INTO mail_outbox (kind, to_address, subject, html, text_body, campaign_id, invitation_id, batch_id,
         next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    due: c
      .prepare<[number], number>(
        "SELECT EXISTS (SELECT 1 FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?)",
      )
      .pluck(),
    claim: c.prepare(
      `UPDATE mail_outbox SET status = 'sending', locked_at = ?
       WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING id, kind, invitation_id AS invitationId, to_address AS "to", subject, html,
                 text_body AS text, attempts`,
    ),
    unclaim: c.prepare<[number]>(
      "UPDATE mail_outbox SET status = 'queued', locked_at = NULL WHERE id = ? AND status = 'sending'",
    ),
    release: c.prepare(
      `UPDATE mail_outbox SET status = 'queued', locked_at = NULL WHERE status = 'sending' AND locked_at <= ?`,
    ),
    retry: c.prepare(
      `UPDATE mail_outbox SET status = 'queued', attempts = ?, last_error = ?, next_attempt_at = ?,
         locked_at = NULL WHERE id = ?`,
    ),
    markSent: c.transaction(
      (
        db: Db,
        listener: DeliveryListener,
        mail: ClaimedMail,
        at: number,
        messageId: string,
        emlPath: string | null,
      ) => {
        if (mail.kind === 'thank_you') return deleteOutbox.run(mail.id);
        setOutboxSent.run(at, messageId, emlPath, mail.attempts + 1, mail.id);
        listener.sent(db, mail, at);
      },
    ),
    markFinal: c.transaction(
      (
        db: Db,
        listener: DeliveryListener,
        mail: ClaimedMail,
        status: 'bounced' | 'failed',
        reason: string,
      ) => {
        if (mail.kind === 'thank_you') return deleteOutbox.run(mail.id);
        setOutboxFinal.run(status, reason, mail.attempts + 1, mail.id);
        listener.undelivered(db, mail, status, reason);
      },
    ),
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

/** Whether any message is due at `now`: a read, so a worker that finds nothing takes no write lock. */
export function hasDueMail(db: Db, now: number): boolean {
  return statements(db).due.get(now) === 1;
}

/** Marks up to `limit` due messages `sending` (one atomic statement) and returns them, oldest due first. */
export function claimDueMail(db: Db, now: number, limit: number): ClaimedMail[] {
  if (limit <= 0) return [];
  const rows = statements(db).claim.all(now, now, limit) as ClaimedMail[];
  return rows.sort((a, b) => a.id - b.id);
}

/** Claimed messages that were not sent go back to the queue (a worker stopping with some in hand). */
export function releaseClaimedMail(db: Db, mails: ClaimedMail[]): void {
  for (const mail of mails) statements(db).unclaim.run(mail.id);
}

/**
 * Messages left `sending` (claimed at or before `lockedBefore`) by a crashed worker go back to the queue; at
 * most the ones that were in flight get sent twice.
 */
export function releaseStuckMail(db: Db, lockedBefore: number): number {
  return statements(db).release.run(lockedBefore).changes;
}

/**
 * Sends one claimed message unless its listener no longer wants it, and records the outcome on the outbox row and
 * through the listener (in the commit shared by the outcomes recorded in the same event-loop turn: each commit
 * waits for the disk). A thank-you mail queued here by an earlier release (they now wait in slots:
 * thank-you-slots.ts) leaves the outbox once its delivery ends, whatever the outcome: kept, its address and its
 * place in the queue would order the people who answered (docs/DOMAIN.md § Anonymity and personal data).
 */
export async function deliverClaimed(
  db: Db,
  mailer: Mailer,
  mail: ClaimedMail,
  options: { from: string; clock: () => number; retry?: RetryPolicy; listener: DeliveryListener },
): Promise<DeliveryOutcome> {
  const { listener } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const s = statements(db);
  if (!listener.wanted(db, mail, options.clock())) {
    await inGroupCommit(db, () => s.drop(db, listener, mail));
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
    await inGroupCommit(db, () =>
      s.markSent(db, listener, mail, options.clock(), sent.messageId, sent.emlPath ?? null),
    );
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const attempts = mail.attempts + 1;
    const next = afterFailure(error, attempts, retry);
    if (next.outcome === 'retried') {
      await inGroupCommit(db, () => s.retry.run(attempts, reason, options.clock() + next.delayMs, mail.id));
    } else {
      await inGroupCommit(db, () => s.markFinal(db, listener, mail, next.outcome, reason));
    }
    return next.outcome;
  }
}

export type DeliveryOptions = {
  from: string;
  listener: DeliveryListener;
  now?: number;
  limit?: number;
  retry?: RetryPolicy;
};
export type DeliveryResult = { sent: number; retried: number; bounced: number; dropped: number };

/** Delivers due messages one after another (tests, one-off runs); the worker runs the same claim/deliver code. */
export async function deliverDueMessages(
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
