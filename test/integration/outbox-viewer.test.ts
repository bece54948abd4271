import fs from 'node:fs';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import {
  getBatchProgress,
  getOutboxMessage,
  getOutboxSummary,
  listOutbox,
} from '../../src/mail/outbox-queries';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import {
  makeInvitedCampaign,
  SUBJECT_2019,
  sendInvitationsAt,
  sendRemindersAt,
} from '../helpers/invitation-fixtures';

describe('outbox viewer without an SMTP server', () => {
  it('lists messages newest first with filters and paging, shows one with its .eml file, and counts a batch', async () => {
    const t = createTestDb();
    const mailer = createMailer({ mailDir: `${t.dir}/mail` });
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 5 });
      const batch = sendInvitationsAt(t.db, { campaignId: campaign.id });
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
      sendRemindersAt(t.db, { campaignId: campaign.id, invitationIds: [1, 2] });

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
