import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';
import {
  loadSendableCampaign,
  publicUrlField,
  queueInvitationMails,
  unitCodesOf,
  sendDetail,
} from './queue-invitation-mails';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Automatic reminders (the scheduler's job): for open campaigns with `reminder_days_before` set, one reminder per
 * unanswered invitation once its unit's answer deadline (ANSWER_DEADLINE_SQL) is that many days away (not again
 * if one went out since then). Each campaign that reminded someone is audited; returns how many were queued.
 */
export const sendDueReminders = command(
  z.object({ publicUrl: publicUrlField }),
  ({ db, actor, now }, { publicUrl }): number => {
    const deadline = sql.raw(ANSWER_DEADLINE_SQL);
    // Only units inside their reminder window are looked at, so a tick with nothing to do stays cheap.
    const due = db.all<{ id: number; days: number }>(sql`SELECT DISTINCT c.id, c.reminder_days_before AS days
      FROM campaigns c JOIN campaign_units cu ON cu.campaign_id = c.id
      WHERE c.status = 'open' AND c.reminder_days_before IS NOT NULL AND ${deadline} IS NOT NULL
        AND ${now} >= ${deadline} - c.reminder_days_before * ${DAY_MS} AND ${now} < ${deadline}
        AND EXISTS (SELECT 1 FROM invitations i WHERE i.campaign_id = c.id AND i.unit_id = cu.unit_id
          AND i.delivery_status = 'sent' AND i.answered_on IS NULL
          AND (i.reminded_at IS NULL OR i.reminded_at < ${deadline} - c.reminder_days_before * ${DAY_MS}))`);
    let queued = 0;
    for (const c of due) {
      const windowStart = sql`(${deadline} - ${c.days * DAY_MS})`;
      const result = queueInvitationMails(
        db,
        loadSendableCampaign(db, c.id),
        {
          campaignId: c.id,
          statuses: ['sent'],
          extra: sql`${deadline} IS NOT NULL AND ${now} >= ${windowStart} AND ${now} < ${deadline}
            AND (i.reminded_at IS NULL OR i.reminded_at < ${windowStart})`,
        },
        'reminder',
        { publicUrl, now },
      );
      if (result.queued === 0) continue;
      const detail = sendDetail(result.queued, unitCodesOf(db, result.unitIds));
      recordAudit(db, actor, 'mail.send_reminders', { campaignId: c.id, detail }, now);
      queued += result.queued;
    }
    return queued;
  },
);
