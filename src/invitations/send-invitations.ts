import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, reason } from '../command';
import type { DeliveryStatus } from '../db/schema';
import {
  idField,
  loadSendableCampaign,
  notPastDeadline,
  optionalUnitIdField,
  publicUrlField,
  queueInvitationMails,
  sendScope,
  type SendResult,
  sendDetail,
} from './queue-invitation-mails';

/**
 * An admin's send (dashboard or CLI): queues the invitation mail of every matching invitation not yet sent (and,
 * with includeFailed, the failed and bounced ones, once the addresses were checked) and audits it, in one
 * transaction; refuses a draft or closed campaign. A unit whose deadline has passed is skipped: its links would
 * only refuse answers.
 */
export const sendInvitations = command(
  z.object({
    campaignId: idField,
    unitId: optionalUnitIdField,
    invitationIds: z.array(idField).optional(),
    /** The dashboard's checkbox ("1") or the CLI's flag. */
    includeFailed: z
      .union([z.boolean(), z.literal('1')], reason('admin.sending.badUnit'))
      .optional()
      .transform((v) => v === true || v === '1'),
    publicUrl: publicUrlField,
  }),
  ({ db, actor, now }, input): SendResult => {
    const statuses: DeliveryStatus[] = input.includeFailed ? ['not_sent', 'failed', 'bounced'] : ['not_sent'];
    const campaign = loadSendableCampaign(db, input.campaignId);
    const result = queueInvitationMails(
      db,
      campaign,
      { ...input, statuses, extra: notPastDeadline(now) },
      'invitation',
      { publicUrl: input.publicUrl, now },
    );
    const detail = sendDetail(result.queued, sendScope(db, input.unitId));
    const action = input.includeFailed ? 'mail.resend_failed' : 'mail.send_invitations';
    recordAudit(db, actor, action, { campaignId: campaign.id, detail }, now);
    return result;
  },
);
