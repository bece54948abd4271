import { and, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailOutbox, OUTBOX_STATUSES, type MailKind, type OutboxStatus } from '../db/schema';
import { AppError } from '../errors';

/** The outbox's statuses and kinds, for the admin's filters. */
export { MAIL_KINDS, OUTBOX_STATUSES } from '../db/schema';

export type StatusCounts = Record<OutboxStatus, number> & { total: number };

function countByStatus(db: Db, where: SQL | undefined): StatusCounts {
  const rows = db
    .select({ status: mailOutbox.status, n: count() })
    .from(mailOutbox)
    .where(where)
    .groupBy(mailOutbox.status)
    .all();
  const counts = { total: 0, ...Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) } as StatusCounts;
  for (const r of rows) {
    counts[r.status] = r.n;
    counts.total += r.n;
  }
  return counts;
}

/** Counts of one send action's messages by status, for its progress bar. */
export function getBatchProgress(db: Db, batchId: string): StatusCounts {
  return countByStatus(db, eq(mailOutbox.batchId, batchId));
}

/** A status, or `problems`: failed and bounced together, what a send's progress page links to. */
export const OUTBOX_STATUS_FILTERS = [...OUTBOX_STATUSES, 'problems'] as const;

export type OutboxFilter = {
  campaignId?: number;
  status?: (typeof OUTBOX_STATUS_FILTERS)[number];
  kind?: MailKind;
  /** Part of the recipient's address, any case ("nguyen.van.a", "@soctrang.gov.vn"). */
  to?: string;
};

function filterOf(f: OutboxFilter): SQL | undefined {
  const to = f.to?.trim().toLowerCase();
  return and(
    f.campaignId === undefined ? undefined : eq(mailOutbox.campaignId, f.campaignId),
    f.status === undefined
      ? undefined
      : f.status === 'problems'
        ? inArray(mailOutbox.status, ['failed', 'bounced'])
        : eq(mailOutbox.status, f.status),
    f.kind === undefined ? undefined : eq(mailOutbox.kind, f.kind),
    // instr, not LIKE: "_" and "%" are ordinary characters of an address here.
    to ? sql`instr(lower(${mailOutbox.toAddress}), ${to}) > 0` : undefined,
  );
}

const listColumns = {
  id: mailOutbox.id,
  campaignId: mailOutbox.campaignId,
  invitationId: mailOutbox.invitationId,
  batchId: mailOutbox.batchId,
  kind: mailOutbox.kind,
  to: mailOutbox.toAddress,
  subject: mailOutbox.subject,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  error: mailOutbox.lastError,
  createdAt: mailOutbox.createdAt,
  sentAt: mailOutbox.sentAt,
};
/** One page of the outbox, newest first, with failure reasons (the admin's mail viewer). */
export function listOutbox(db: Db, query: OutboxFilter & { page: number; pageSize: number }) {
  const where = filterOf(query);
  const pageSize = Math.max(1, Math.min(500, query.pageSize));
  const rows = db
    .select(listColumns)
    .from(mailOutbox)
    .where(where)
    .orderBy(desc(mailOutbox.id))
    .limit(pageSize)
    .offset((Math.max(1, query.page) - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(mailOutbox).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** One message as it was (or will be) sent, with its .eml file when the embedded transport wrote one. */
export function getOutboxMessage(db: Db, id: number) {
  const row = db
    .select({
      ...listColumns,
      html: mailOutbox.html,
      text: mailOutbox.textBody,
      emlPath: mailOutbox.emlPath,
      messageId: mailOutbox.messageId,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.id, id))
    .get();
  if (!row) throw new AppError('not_found', 'mail.messageNotFound');
  return row;
}

/** Counts by status and the latest failures (CLI `outbox status`, admin dashboard). */
export function getOutboxSummary(db: Db, filter: { campaignId?: number } = {}, failures = 10) {
  return {
    counts: countByStatus(db, filterOf(filter)),
    lastFailures: [
      ...listOutbox(db, { ...filter, status: 'failed', page: 1, pageSize: failures }).rows,
      ...listOutbox(db, { ...filter, status: 'bounced', page: 1, pageSize: failures }).rows,
      // Still queued after a temporary error (relay down, 4xx): the reason must show before the retries end.
      ...db
        .select(listColumns)
        .from(mailOutbox)
        .where(and(filterOf({ ...filter, status: 'queued' }), isNotNull(mailOutbox.lastError)))
        .orderBy(desc(mailOutbox.id))
        .limit(failures)
        .all(),
    ]
      .sort((a, b) => b.id - a.id)
      .slice(0, failures),
  };
}

/**
 * Makes a campaign's queued messages that wait for a retry after a temporary error (relay down, 4xx) due now:
 * the admin asked to deliver now (`send --wait`, `outbox retry`), typically once the relay is back.
 */
export function expediteWaitingMail(db: Db, campaignId: number, now: number): number {
  return db.$client
    .prepare(
      `UPDATE mail_outbox SET next_attempt_at = ?
       WHERE campaign_id = ? AND status = 'queued' AND next_attempt_at > ?`,
    )
    .run(now, campaignId, now).changes;
}

export type PendingMail = StatusCounts & {
  /** Queued messages whose last attempt failed temporarily and whose next attempt is later than `now`. */
  waitingRetry: number;
  /** The most recent temporary error among those, as the server gave it. */
  lastError: string | null;
};

/** A campaign's outbox counts, and whether everything still queued is only waiting for a later retry. */
export function getPendingMail(db: Db, campaignId: number, now: number): PendingMail {
  const counts = countByStatus(db, eq(mailOutbox.campaignId, campaignId));
  const row = db.$client
    .prepare(
      `SELECT count(*) AS n, (SELECT last_error FROM mail_outbox WHERE campaign_id = ? AND status = 'queued'
         AND attempts > 0 AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS lastError
       FROM mail_outbox WHERE campaign_id = ? AND status = 'queued' AND attempts > 0 AND next_attempt_at > ?`,
    )
    .get(campaignId, campaignId, now) as { n: number; lastError: string | null };
  return { ...counts, waitingRetry: row.n, lastError: row.lastError };
}
