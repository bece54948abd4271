import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, reason } from '../command';
import type { MailKind } from '../db/schema';
import { expediteWaitingMail } from '../mail/outbox-queries';
import { loadCampaign } from './queue-invitation-mails';

/**
 * An admin's "retry" of a campaign's mail (outbox page and CLI alike), audited: its `failed` messages (gave up
 * after temporary errors) go back in the queue, except those of answered invitations and those a newer message of
 * the same invitation has replaced, and the messages waiting for a retry after a temporary error (relay down, 4xx)
 * become due now. Bounced ones stay: their address must be corrected first.
 */
export const retryFailedMail = command(
  z.object({
    campaignId: z.coerce
      .number(reason('admin.outbox.pickCampaign'))
      .int(reason('admin.outbox.pickCampaign'))
      .positive(reason('admin.outbox.pickCampaign')),
  }),
  ({ db, actor, now }, input): { campaignId: number; requeued: number; expedited: number } => {
    const campaignId = loadCampaign(db, input.campaignId).id;
    const failed = db.$client
      .prepare(
        `SELECT m.id, m.kind, m.invitation_id AS invitationId FROM mail_outbox m
         LEFT JOIN invitations i ON i.id = m.invitation_id
         WHERE m.campaign_id = ? AND m.status = 'failed' AND i.answered_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM mail_outbox n WHERE n.invitation_id = m.invitation_id
                           AND n.kind = m.kind AND n.id > m.id)`,
      )
      .all(campaignId) as Array<{ id: number; kind: MailKind; invitationId: number | null }>;
    const requeue = db.$client.prepare(
      `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = ?, locked_at = NULL WHERE id = ?`,
    );
    const mirror = db.$client.prepare(
      // A failed reminder had marked a delivered invitation failed; retrying it restores 'sent'.
      `UPDATE invitations SET delivery_status = ?, delivery_detail = NULL WHERE id = ? AND delivery_status = 'failed'`,
    );
    for (const row of failed) {
      requeue.run(now, row.id);
      if (row.invitationId) mirror.run(row.kind === 'invitation' ? 'queued' : 'sent', row.invitationId);
    }
    const expedited = expediteWaitingMail(db, campaignId, now);
    const requeued = failed.length;
    recordAudit(
      db,
      actor,
      'mail.retry_failed',
      { campaignId, detail: { key: 'admin.audit.retryText', params: { requeued, expedited } } },
      now,
    );
    return { campaignId, requeued, expedited };
  },
);
