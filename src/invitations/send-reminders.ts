import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
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
 * An admin's reminders (dashboard or CLI), for the campaign or one unit: queues a reminder ("[Nhắc lại] " + fixed
 * subject) for every matching invitation that was delivered, is not answered and whose deadline has not passed
 * (never to someone who already answered that form), and audits the send.
 */
export const sendReminders = command(
  z.object({
    campaignId: idField,
    unitId: optionalUnitIdField,
    invitationIds: z.array(idField).optional(),
    publicUrl: publicUrlField,
  }),
  ({ db, actor, now }, input): SendResult => {
    const campaign = loadSendableCampaign(db, input.campaignId);
    const result = queueInvitationMails(
      db,
      campaign,
      { ...input, statuses: ['sent'], extra: notPastDeadline(now) },
      'reminder',
      { publicUrl: input.publicUrl, now },
    );
    const detail = sendDetail(result.queued, sendScope(db, input.unitId));
    recordAudit(db, actor, 'mail.send_reminders', { campaignId: campaign.id, detail }, now);
    return result;
  },
);
