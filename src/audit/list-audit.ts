import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import { readAuditDetail, type StoredAuditDetail } from './audit-detail';

/** One entry, its detail read back (a message to put into words, or an older entry's sentence). */
export type AuditEntry = Omit<typeof auditLog.$inferSelect, 'detail'> & { detail: StoredAuditDetail };

/** One page of the audit log, newest first; optionally one campaign's entries, or one person's. */
export function listAudit(
  db: Db,
  opts: { page?: number; pageSize?: number; campaignId?: number; actor?: string } = {},
): { rows: AuditEntry[]; page: number; pageCount: number; total: number } {
  const pageSize = opts.pageSize ?? 50;
  const where = and(
    opts.campaignId === undefined ? undefined : eq(auditLog.campaignId, opts.campaignId),
    opts.actor ? eq(auditLog.actor, opts.actor) : undefined,
  );
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pageCount);
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((row) => ({ ...row, detail: readAuditDetail(row.detail) }));
  return { rows, page, pageCount, total };
}

/** Everyone who appears in the log, for the filter (accounts, "cli", deleted users' names). */
export function auditActors(db: Db): string[] {
  return db
    .selectDistinct({ actor: auditLog.actor })
    .from(auditLog)
    .orderBy(auditLog.actor)
    .all()
    .map((r) => r.actor);
}

/** When the campaign's personal data was last erased (its audit entry), or null if never. */
export function directoryPurgedAt(db: Db, campaignId: number): number | null {
  const row = db.$client
    .prepare(
      `select max(at) as at from audit_log where campaign_id = ? and action = 'campaign.purge_directory'`,
    )
    .get(campaignId) as { at: number | null };
  return row.at;
}
