import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { invitations } from '../../src/db/schema';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, SUBJECT_2019 } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';

const run = promisify(execFile);
const projectRoot = path.resolve(__dirname, '../..');

describe('mail CLI', () => {
  it('sends a unit’s invitations and waits for delivery, reminds, and reports the outbox', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp({ rejectRecipients: ['p1-2@don-vi.vn'] });
    const env = {
      ...process.env,
      DATABASE_PATH: t.file,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      LOG_LEVEL: 'silent',
    };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, env });
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
});
