import { count, desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export type AuditEntry = typeof auditLog.$inferSelect;

/** One page of the audit log, newest first. */
export function listAudit(
  db: Db,
  opts: { page?: number; pageSize?: number } = {},
): { rows: AuditEntry[]; page: number; pageCount: number; total: number } {
  const pageSize = opts.pageSize ?? 50;
  const total = db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pageCount);
  const rows = db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows, page, pageCount, total };
}
