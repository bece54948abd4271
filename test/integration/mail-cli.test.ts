import { eq } from 'drizzle-orm';
import { invitations } from '../../src/db/schema';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, SUBJECT_2019 } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { cliOn } from '../helpers/cli';
import { inWords } from '../helpers/audit';

describe('mail CLI', () => {
  it('sends a unit’s invitations and waits for delivery, reminds, and reports the outbox', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp({ rejectRecipients: ['p1-2@don-vi.vn'] });
    const cli = cliOn(t.file, { SMTP_URL: smtp.url, PUBLIC_URL: 'http://127.0.0.1:3000' });
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 2, perUnit: 4 });
      const sent = await cli('send', '--campaign', String(campaign.id), '--unit', 'dv1', '--wait');
      expect(sent.stdout).toContain('Đã xếp 4 thư vào hàng đợi gửi.');
      expect(sent.stdout).toContain('Đã gửi 3/4 thư (chờ 0, lỗi 0, bị trả lại 1).');
      expect(smtp.received).toHaveLength(3);
      expect(smtp.received.every((m) => m.subject === SUBJECT_2019)).toBe(true);
      const unit2 = t.db.select().from(invitations).where(eq(invitations.deliveryStatus, 'not_sent')).all();
      expect(unit2).toHaveLength(4);

      const reminded = await cli('remind', '--campaign', String(campaign.id), '--wait');
      expect(reminded.stdout).toContain('Đã xếp 3 thư vào hàng đợi gửi.');
      expect(smtp.received.filter((m) => m.subject === `[Nhắc lại] ${SUBJECT_2019}`)).toHaveLength(3);

      const status = await cli('outbox', 'status', '--campaign', String(campaign.id));
      expect(status.stdout).toMatch(/Đã gửi\t6/);
      expect(status.stdout).toMatch(/Bị trả lại\t1/);
      expect(status.stdout).toMatch(/p1-2@don-vi\.vn\t.*550 5\.1\.1 Mailbox unavailable/);

      await expect(cli('send', '--campaign', String(campaign.id), '--unit', 'KHONG')).rejects.toMatchObject({
        stderr: expect.stringContaining('Không tìm thấy đơn vị có mã KHONG'),
      });
      for (const command of [['send'], ['remind'], ['outbox', 'retry']]) {
        await expect(cli(...command, '--campaign', '999')).rejects.toMatchObject({
          stderr: expect.stringContaining('Không tìm thấy đợt khảo sát'),
        });
      }
    } finally {
      await smtp.close();
      t.cleanup();
    }
  });

  it('reminds one unit’s form type as its focal officer does, refusing a form type alone, an unknown one, and nobody to remind', async () => {
    const t = createTestDb();
    const cli = cliOn(t.file, { PUBLIC_URL: 'http://127.0.0.1:3000' });
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 2, perUnit: 2, dualEvery: 2 });
      const id = String(campaign.id);
      await cli('send', '--campaign', id);
      // Only DV1's mail was delivered: DV2 has nobody who received an invitation to remind.
      t.db.$client.exec(`UPDATE invitations SET delivery_status = 'sent', sent_at = 1
        WHERE unit_id = (SELECT id FROM units WHERE code = 'DV1')`);
      const before = (t.db.$client.prepare(`SELECT max(id) FROM mail_outbox`).pluck().get() as number) ?? 0;

      const reminded = await cli('remind', '--campaign', id, '--unit', 'DV1', '--form', 'hdnd');
      expect(reminded.stdout).toContain('Đã xếp 1 thư vào hàng đợi gửi.');
      expect(
        t.db.$client.prepare(`SELECT kind, to_address AS "to" FROM mail_outbox WHERE id > ?`).all(before),
      ).toEqual([{ kind: 'reminder', to: 'p1-2@don-vi.vn' }]);
      expect(
        inWords(
          t.db.$client
            .prepare(`SELECT action, detail FROM audit_log WHERE action = 'mail.remind'`)
            .all() as Array<{
            action: string;
            detail: string;
          }>,
        ),
      ).toEqual([{ action: 'mail.remind', detail: 'DV1, hdnd: 1 thư nhắc' }]);

      const refusals: Array<[string[], string]> = [
        [['--form', 'hdnd'], 'hãy ghi thêm --unit'],
        [['--unit', 'DV1', '--form', 'khong'], 'Loại phiếu "khong" không tồn tại.'],
        [['--unit', 'DV2', '--form', 'cbcc'], 'Không có ai cần nhắc'],
      ];
      for (const [args, message] of refusals) {
        await expect(cli('remind', '--campaign', id, ...args)).rejects.toMatchObject({
          code: 1,
          stderr: expect.stringContaining(message),
        });
      }
      expect(t.db.$client.prepare(`SELECT count(*) FROM mail_outbox WHERE id > ?`).pluck().get(before)).toBe(
        1,
      );
    } finally {
      t.cleanup();
    }
  });

  it('send --wait with the SMTP server down stops with the reason, loses nothing, and delivers once it is back', async () => {
    const t = createTestDb();
    const probe = await startTestSmtp();
    const port = Number(new URL(probe.url).port);
    await probe.close(); // the relay is down
    const cli = cliOn(t.file, { SMTP_URL: probe.url, PUBLIC_URL: 'http://127.0.0.1:3000' });
    let smtp: Awaited<ReturnType<typeof startTestSmtp>> | undefined;
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 3 });
      const id = String(campaign.id);
      const down = cli('send', '--campaign', id, '--wait');
      await expect(down).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringContaining('Đã xếp 3 thư vào hàng đợi gửi.'),
        stderr: expect.stringMatching(/Chưa gửi được 3 thư \(lỗi tạm thời: ".*ECONNREFUSED.*"\).*không mất/),
      });
      const status = await cli('outbox', 'status', '--campaign', id);
      expect(status.stdout).toMatch(/Chờ gửi\t3/);
      expect(status.stdout).toMatch(/p1-1@don-vi\.vn\t.*ECONNREFUSED/);

      smtp = await startTestSmtp({ port });
      // Nothing new to queue: the three waiting for a retry are sent now, without waiting for the backoff.
      const back = await cli('send', '--campaign', id, '--wait');
      expect(back.stdout).toContain('Đã xếp 0 thư vào hàng đợi gửi.');
      expect(back.stdout).toContain('còn 3 thư đã xếp hàng từ trước');
      expect(back.stdout).toContain('Đã gửi 3/3 thư (chờ 0, lỗi 0, bị trả lại 0).');
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'p1-1@don-vi.vn',
        'p1-2@don-vi.vn',
        'p1-3@don-vi.vn',
      ]);
      const sent = t.db.select().from(invitations).where(eq(invitations.deliveryStatus, 'sent')).all();
      expect(sent).toHaveLength(3);
    } finally {
      await smtp?.close();
      t.cleanup();
    }
  });

  it('outbox retry also sends now the messages waiting for a retry after a temporary error', async () => {
    const t = createTestDb();
    const cli = cliOn(t.file);
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2 });
      const later = Date.now() + 30 * 60 * 1000;
      t.db.$client
        .prepare(
          `INSERT INTO mail_outbox (kind, to_address, subject, html, text_body, campaign_id, attempts, last_error,
             next_attempt_at) VALUES ('other', 'x@don-vi.vn', 's', 'h', 't', ?, 2, 'connect ECONNREFUSED', ?)`,
        )
        .run(campaign.id, later);
      const retried = await cli('outbox', 'retry', '--campaign', String(campaign.id));
      expect(retried.stdout).toContain('Đã chuyển 1 thư đang chờ gửi lại (sau lỗi tạm thời) sang gửi ngay.');
      const row = t.db.$client.prepare('SELECT next_attempt_at AS due FROM mail_outbox').get() as {
        due: number;
      };
      expect(row.due).toBeLessThan(later);
    } finally {
      t.cleanup();
    }
  });
});
