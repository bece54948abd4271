import fs from 'node:fs';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { sendReminders } from '../../src/invitations/send-reminders';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import {
  getBatchProgress,
  getOutboxMessage,
  getOutboxSummary,
  listOutbox,
} from '../../src/mail/outbox-queries';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, PUBLIC_URL, SUBJECT_2019 } from '../helpers/invitation-fixtures';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

describe('outbox viewer without an SMTP server', () => {
  it('lists messages newest first with filters and paging, shows one with its .eml file, and counts a batch', async () => {
    const t = createTestDb();
    const mailer = createMailer({ mailDir: `${t.dir}/mail` });
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 5 });
      const batch = orThrow(
        sendInvitations(t.db, { campaignId: campaign.id, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, Date.now()),
      );
      expect(getBatchProgress(t.db, batch.batchId)).toEqual({
        total: 5,
        queued: 5,
        sending: 0,
        sent: 0,
        failed: 0,
        bounced: 0,
      });
      await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn' });
      expect(getBatchProgress(t.db, batch.batchId)).toMatchObject({ total: 5, queued: 0, sent: 5 });
      orThrow(
        sendReminders(
          t.db,
          { campaignId: campaign.id, invitationIds: [1, 2], publicUrl: PUBLIC_URL },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );

      const all = listOutbox(t.db, { campaignId: campaign.id, page: 1, pageSize: 3 });
      expect(all.total).toBe(7);
      expect(all.rows).toHaveLength(3);
      expect(all.rows[0]!.kind).toBe('reminder');
      expect(all.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].sort((a, b) => b - a));
      expect(listOutbox(t.db, { campaignId: campaign.id, page: 3, pageSize: 3 }).rows).toHaveLength(1);
      const sent = listOutbox(t.db, { status: 'sent', kind: 'invitation', page: 1, pageSize: 50 });
      expect(sent.total).toBe(5);

      const message = getOutboxMessage(t.db, sent.rows[0]!.id);
      expect(message.subject).toBe(SUBJECT_2019);
      expect(message.html).toContain('/s/');
      expect(message.text).toContain('Mở phiếu khảo sát');
      expect(fs.readFileSync(`${t.dir}/mail/${message.emlPath}`, 'utf8')).toContain(`To: ${message.to}`);
      expect(() => getOutboxMessage(t.db, 9999)).toThrow(/Không tìm thấy thư/);

      expect(getOutboxSummary(t.db, { campaignId: campaign.id }).counts).toMatchObject({
        total: 7,
        sent: 5,
        queued: 2,
      });
    } finally {
      mailer.close();
      t.cleanup();
    }
  });
});
