import type { Db } from '../db/client';
import type { Actor } from './actor';
import { storeAuditDetail, type AuditDetail } from './audit-detail';
import { auditLog } from '../db/schema';

/** Appends one line to the audit log of admin actions; its detail is stored by key, put into words when shown. */
export function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  entry: { campaignId?: number | null; detail?: AuditDetail } = {},
  now = Date.now(),
): void {
  db.insert(auditLog)
    .values({
      at: now,
      userId: actor.userId,
      actor: actor.name,
      action,
      campaignId: entry.campaignId ?? null,
      detail: entry.detail ? storeAuditDetail(entry.detail) : null,
    })
    .run();
}
