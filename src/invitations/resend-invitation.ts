import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/record-audit';
import { getCampaign } from '../campaigns/campaigns';
import { inTransaction, type Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { formatVnDateTime } from '../time';
import { answerDeadline, unitCodeOf } from '../units/campaign-units';
import {
  loadSendableCampaign,
  queueInvitationMails,
  type MailContext,
  type SendResult,
} from './queue-invitation-mails';
import { newToken } from './token';

/** Who asked for the resend, for the audit log (focal officer, admin or the CLI). */
export type ResendContext = MailContext & { actor?: Actor };

type InvitationRow = {
  id: number;
  campaignId: number;
  respondentId: number;
  unitId: number;
  answeredOn: string | null;
};

function loadInvitation(db: Db, invitationId: number): InvitationRow {
  const row = db.$client
    .prepare(
      `SELECT id, campaign_id AS campaignId, respondent_id AS respondentId, unit_id AS unitId,
         answered_on AS answeredOn
       FROM invitations WHERE id = ?`,
    )
    .get(invitationId) as InvitationRow | undefined;
  if (!row) throw new AppError('not_found', t('mail.invitationNotFound'));
  return row;
}

/** Past the unit's answer deadline a new mail would carry a link that refuses answers: say so instead. */
function refuseIfPastDeadline(db: Db, invitation: InvitationRow, now: number): void {
  const deadline = answerDeadline(db, invitation.campaignId, invitation.unitId);
  if (deadline !== null && deadline < now) {
    throw new AppError('conflict', t('mail.pastDeadline', { deadline: formatVnDateTime(deadline) }));
  }
}

// A message still waiting in the outbox would duplicate (or, after a token change, carry a dead link).
function dropWaitingMail(db: Db, invitationIds: number[]): void {
  db.$client
    .prepare(
      `DELETE FROM mail_outbox WHERE status = 'queued' AND kind IN ('invitation', 'reminder')
       AND invitation_id IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(invitationIds));
}

/** Sends the same invitation (same link) again; refuses an answered invitation or a draft/closed campaign. */
export function resendInvitation(db: Db, invitationId: number, ctx: ResendContext): SendResult {
  return inTransaction(db, () => {
    const invitation = loadInvitation(db, invitationId);
    const campaign = loadSendableCampaign(db, invitation.campaignId);
    if (invitation.answeredOn !== null) throw new AppError('conflict', t('mail.alreadyAnswered'));
    refuseIfPastDeadline(db, invitation, ctx.now);
    dropWaitingMail(db, [invitationId]);
    const result = queueInvitationMails(
      db,
      campaign,
      {
        campaignId: campaign.id,
        invitationIds: [invitationId],
        statuses: ['not_sent', 'queued', 'sent', 'failed', 'bounced'],
      },
      'invitation',
      ctx,
    );
    if (ctx.actor) {
      recordAudit(
        db,
        ctx.actor,
        'mail.resend',
        {
          campaignId: campaign.id,
          text: t('admin.audit.resendText', { unit: unitCodeOf(db, invitation.unitId), id: invitationId }),
        },
        ctx.now,
      );
    }
    return result;
  });
}

const emailSchema = z.email();

/**
 * Corrects a person's address and mails them again: validates the address (unique in the campaign), gives
 * every unanswered invitation of that person a new token (the old ones are revoked) and queues new mails for
 * those already mailed. One not mailed yet keeps waiting for its unit's sending (the scheduled day or the
 * admin's send), so a correction made before the sending day, or before the campaign opens, mails nobody early.
 */
export function correctAddressAndResend(
  db: Db,
  invitationId: number,
  newEmail: string,
  ctx: ResendContext,
): { queued: number } {
  const email = newEmail.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new AppError('invalid_input', t('mail.invalidEmail', { email: newEmail.trim() }));
  }
  return inTransaction(db, () => {
    const invitation = loadInvitation(db, invitationId);
    const { status } = getCampaign(db, invitation.campaignId);
    if (status === 'closed') throw new AppError('campaign_closed', t('mail.campaignClosed'));
    refuseIfPastDeadline(db, invitation, ctx.now);
    const c = db.$client;
    const taken = c
      .prepare(`SELECT 1 FROM respondents WHERE campaign_id = ? AND email = ? AND id <> ?`)
      .get(invitation.campaignId, email, invitation.respondentId);
    if (taken) throw new AppError('conflict', t('mail.emailTaken', { email }));
    const pending = c
      .prepare(
        `SELECT id, token, delivery_status AS status FROM invitations WHERE respondent_id = ? AND answered_on IS NULL`,
      )
      .all(invitation.respondentId) as Array<{ id: number; token: string; status: DeliveryStatus }>;
    if (pending.length === 0) throw new AppError('conflict', t('mail.alreadyAnswered'));

    c.prepare(`UPDATE respondents SET email = ?, updated_at = ? WHERE id = ?`).run(
      email,
      ctx.now,
      invitation.respondentId,
    );
    const revoke = c.prepare(
      `INSERT INTO revoked_tokens (token, invitation_id, revoked_at) VALUES (?, ?, ?)`,
    );
    const replace = c.prepare(
      `UPDATE invitations SET token = ?, delivery_status = 'not_sent', delivery_detail = NULL WHERE id = ?`,
    );
    for (const p of pending) {
      revoke.run(p.token, p.id, ctx.now);
      replace.run(newToken(), p.id);
    }
    const ids = pending.map((p) => p.id);
    dropWaitingMail(db, ids);
    const mailed = pending.filter((p) => p.status !== 'not_sent').map((p) => p.id);
    const { queued } =
      mailed.length === 0
        ? { queued: 0 }
        : queueInvitationMails(
            db,
            loadSendableCampaign(db, invitation.campaignId),
            { campaignId: invitation.campaignId, invitationIds: mailed, statuses: ['not_sent'] },
            'invitation',
            ctx,
          );
    if (ctx.actor) {
      recordAudit(
        db,
        ctx.actor,
        'mail.correct_address',
        {
          campaignId: invitation.campaignId,
          text: t('admin.audit.correctText', {
            unit: unitCodeOf(db, invitation.unitId),
            id: invitationId,
            count: queued,
          }),
        },
        ctx.now,
      );
    }
    return { queued };
  });
}
