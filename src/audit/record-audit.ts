import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export type Actor = { userId: number | null; name: string };
export const CLI_ACTOR: Actor = { userId: null, name: 'cli' };
/** Timed jobs (automatic close, scheduled sending) act as the system. */
export const SYSTEM_ACTOR: Actor = { userId: null, name: 'system' };

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
