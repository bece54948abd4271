import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { formatVnDateTime } from '../time';
import { answerDeadline, unitCodeOf } from '../units/campaign-units';
import {
  idField,
  loadSendableCampaign,
  publicUrlField,
  queueInvitationMails,
  type SendResult,
} from './queue-invitation-mails';

export type InvitationRow = {
  id: number;
  campaignId: number;
  respondentId: number;
  unitId: number;
  answeredOn: string | null;
};

/** An invitation by id, or AppError('not_found'). */
export function loadInvitation(db: Db, invitationId: number): InvitationRow {
  const row = db.$client
    .prepare(
      `SELECT id, campaign_id AS campaignId, respondent_id AS respondentId, unit_id AS unitId,
         answered_on AS answeredOn
       FROM invitations WHERE id = ?`,
    )
    .get(invitationId) as InvitationRow | undefined;
  if (!row) throw new AppError('not_found', 'mail.invitationNotFound');
  return row;
}

/** Past the unit's answer deadline a new mail would carry a link that refuses answers: say so instead. */
export function refuseIfPastDeadline(db: Db, invitation: InvitationRow, now: number): void {
  const deadline = answerDeadline(db, invitation.campaignId, invitation.unitId);
  if (deadline !== null && deadline < now) {
    throw new AppError('conflict', 'mail.pastDeadline', { deadline: formatVnDateTime(deadline) });
  }
}

// A message still waiting in the outbox would duplicate (or, after a token change, carry a dead link).
export function dropWaitingMail(db: Db, invitationIds: number[]): void {
  db.$client
    .prepare(
      `DELETE FROM mail_outbox WHERE status = 'queued' AND kind IN ('invitation', 'reminder')
       AND invitation_id IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(invitationIds));
}

/**
 * Sends the same invitation (same link) again, dropping any copy still waiting in the outbox, and audits it;
 * refuses an answered invitation, a unit past its deadline or a draft/closed campaign.
 */
export const resendInvitation = command(
  z.object({ invitationId: idField, publicUrl: publicUrlField }),
  ({ db, actor, now }, { invitationId, publicUrl }): SendResult => {
    const invitation = loadInvitation(db, invitationId);
    const campaign = loadSendableCampaign(db, invitation.campaignId);
    if (invitation.answeredOn !== null) throw new AppError('conflict', 'mail.alreadyAnswered');
    refuseIfPastDeadline(db, invitation, now);
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
      { publicUrl, now },
    );
    const params = { unit: unitCodeOf(db, invitation.unitId), id: String(invitationId) };
    recordAudit(
      db,
      actor,
      'mail.resend',
      { campaignId: campaign.id, detail: { key: 'admin.audit.resendText', params } },
      now,
    );
    return result;
  },
);
