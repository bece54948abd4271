import { eq } from 'drizzle-orm';
import { mailOutbox } from '../../src/db/schema';
import { enqueueMail } from '../../src/mail/outbox';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { startTestSmtp } from '../helpers/smtp';

describe('outbox delivery over real SMTP', () => {
  it('delivers queued mail, bounces a refused recipient with the server reason, and keeps the rest', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp({ rejectRecipients: ['khongton@tai.vn'] });
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir });
    try {
      const subject = 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019';
      const ok = enqueueMail(t.db, {
        kind: 'other',
        to: 'a@snv.vn',
        subject,
        html: '<p>Xin chào</p>',
        text: 'Xin chào',
      });
      const bad = enqueueMail(t.db, {
        kind: 'other',
        to: 'khongton@tai.vn',
        subject,
        html: '<p>x</p>',
        text: 'x',
      });
      const result = await deliverDueMail(t.db, mailer, { from: 'snv@snv.vn' });
      expect(result).toEqual({ sent: 1, retried: 0, bounced: 1, dropped: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.subject).toBe(subject);
      expect(smtp.received[0]!.text?.trim()).toBe('Xin chào');
      const row = (id: number) => t.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
      expect(row(ok).status).toBe('sent');
      expect(row(bad).status).toBe('bounced');
      expect(row(bad).lastError).toMatch(/550 5.1.1 Mailbox unavailable/);
    } finally {
      mailer.close();
      await smtp.close();
      t.cleanup();
    }
  });

  it('retries later when the server fails temporarily, then delivers', async () => {
    const t = createTestDb();
    let failing = true;
    const smtp = await startTestSmtp({ temporarilyFailing: () => failing });
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir });
    try {
      const id = enqueueMail(t.db, { kind: 'other', to: 'b@snv.vn', subject: 's', html: 'h', text: 't' });
      expect(await deliverDueMail(t.db, mailer, { from: 'snv@snv.vn' })).toEqual({
        sent: 0,
        retried: 1,
        bounced: 0,
        dropped: 0,
      });
      const row = t.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
      expect(row.status).toBe('queued');
      expect(row.nextAttemptAt).toBeGreaterThan(Date.now());
      failing = false;
      const later = await deliverDueMail(t.db, mailer, { from: 'snv@snv.vn', now: row.nextAttemptAt });
      expect(later.sent).toBe(1);
      expect(smtp.received).toHaveLength(1);
    } finally {
      mailer.close();
      await smtp.close();
      t.cleanup();
    }
  });

  it('writes .eml files when no SMTP server is configured', async () => {
    const t = createTestDb();
    const mailer = createMailer({ mailDir: `${t.dir}/mail` });
    try {
      const id = enqueueMail(t.db, {
        kind: 'other',
        to: 'c@snv.vn',
        subject: 'Tiêu đề',
        html: 'h',
        text: 't',
      });
      await deliverDueMail(t.db, mailer, { from: 'snv@snv.vn' });
      const row = t.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
      // Stored relative to the mail directory: a restored copy of the database never names this instance's files.
      expect(row.emlPath).toMatch(/^[^/]+\.eml$/);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(`${t.dir}/mail/${row.emlPath}`, 'utf8')).toMatch(/^To: c@snv\.vn$/m);
    } finally {
      mailer.close();
      t.cleanup();
    }
  });
});
