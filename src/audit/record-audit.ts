import type { Db } from '../db/client';
import type { Actor } from './actor';
import { auditLog } from '../db/schema';

/** Appends one line to the audit log of admin actions. */
export function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  detail: { campaignId?: number | null; text?: string } = {},
  now = Date.now(),
): void {
  db.insert(auditLog)
    .values({
      at: now,
      userId: actor.userId,
      actor: actor.name,
      action,
      campaignId: detail.campaignId ?? null,
      detail: detail.text ?? null,
    })
    .run();
}
