import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import { vnDay } from '../time';
import {
  loadSendableCampaign,
  notPastDeadline,
  publicUrlField,
  queueInvitationMails,
  unitCodesOf,
  sendDetail,
} from './queue-invitation-mails';

/**
 * Scheduled sending (the scheduler's job): for open campaigns whose start time (if any) has come, queues the
 * not-yet-sent invitations of every unit whose sending day (Vietnam calendar) has come and whose deadline has not
 * passed: nobody is mailed a link that would still say "not open yet". Each campaign that mailed someone is
 * audited. Cheap when there is nothing to do; returns how many were queued.
 */
export const sendDueInvitations = command(
  z.object({ publicUrl: publicUrlField }),
  ({ db, actor, now }, { publicUrl }): number => {
    const today = vnDay(now);
    const due = sql`cu.send_on IS NOT NULL AND cu.send_on <= ${today} AND ${notPastDeadline(now)}`;
    // Runs every second: from the units (few) to their unsent invitations by the invitations_counts index (the
    // form type named so the index reaches the delivery status), never a pass over every invitation.
    const campaigns = db.all<{ campaignId: number }>(sql`SELECT DISTINCT c.id AS campaignId
      FROM campaigns c
      JOIN campaign_units cu ON cu.campaign_id = c.id
      WHERE c.status = 'open' AND (c.opens_at IS NULL OR c.opens_at <= ${now}) AND ${due}
        AND EXISTS (SELECT 1 FROM invitations i
          WHERE i.campaign_id = cu.campaign_id AND i.unit_id = cu.unit_id
            AND i.form_type IN (SELECT code FROM form_types)
            AND i.delivery_status = 'not_sent' AND i.answered_on IS NULL)`);
    let queued = 0;
    for (const { campaignId } of campaigns) {
      const result = queueInvitationMails(
        db,
        loadSendableCampaign(db, campaignId),
        { campaignId, statuses: ['not_sent'], extra: due },
        'invitation',
        { publicUrl, now },
      );
      if (result.queued === 0) continue;
      const detail = sendDetail(result.queued, unitCodesOf(db, result.unitIds));
      recordAudit(db, actor, 'mail.send_invitations', { campaignId, detail }, now);
      queued += result.queued;
    }
    return queued;
  },
);
