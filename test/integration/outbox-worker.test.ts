import { eq } from 'drizzle-orm';
import { invitations, mailOutbox } from '../../src/db/schema';
import { claimDueMail, enqueueMail } from '../../src/mail/outbox';
import { retryFailedMail } from '../../src/invitations/retry-failed-mail';
import { getBatchProgress } from '../../src/mail/outbox-queries';
import type { OutboxWorkerOptions } from '../../src/mail/outbox-worker';
import { startMailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { sleep, waitUntil } from '../helpers/wait';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

type TestDb = ReturnType<typeof createTestDb>;

function worker(t: TestDb, smtpUrl: string, options: Partial<OutboxWorkerOptions> = {}) {
  const mailer = createMailer({ smtpUrl, mailDir: t.dir, poolSize: options.concurrency ?? 5 });
  const w = startMailDelivery({
    db: t.db,
    mailer,
    from: 'khaosat@snv.example.vn',
    concurrency: 5,
    ratePerMinute: 1_000_000,
    clock: Date.now,
    tickMs: 20,
    ...options,
  });
  return {
    stop: async () => {
      await w.stop();
      mailer.close();
    },
  };
}

function queueOthers(t: TestDb, n: number, now = Date.now()): void {
  for (let i = 1; i <= n; i++) {
    enqueueMail(
      t.db,
      { kind: 'other', to: `r${i}@don-vi.vn`, subject: `Thư ${i}`, html: 'h', text: 't' },
      now,
    );
  }
}

describe('outbox worker', () => {
  it('keeps mail queued while the SMTP server is down and delivers each message exactly once when it is back', async () => {
    const t = createTestDb();
    const probe = await startTestSmtp();
    const port = probe.port;
    await probe.close();
    queueOthers(t, 6);
    const w = worker(t, `smtp://127.0.0.1:${port}?tls=off`, { retry: { maxAttempts: 100, retryBaseMs: 40 } });
    let smtp: Awaited<ReturnType<typeof startTestSmtp>> | undefined;
    try {
      const rows = () => t.db.select().from(mailOutbox).all();
      await waitUntil(() => rows().every((r) => r.attempts >= 2), 10_000, 'two failed attempts each');
      expect(rows().every((r) => r.status === 'queued' || r.status === 'sending')).toBe(true);
      expect(rows()[0]!.lastError).toMatch(/ECONNREFUSED/);

      smtp = await startTestSmtp({ port });
      await waitUntil(() => rows().every((r) => r.status === 'sent'), 20_000, 'all sent');
      await sleep(300);
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(
        [1, 2, 3, 4, 5, 6].map((i) => `r${i}@don-vi.vn`).sort(),
      );
    } finally {
      await w.stop();
      await smtp?.close();
      t.cleanup();
    }
  });

  it('gives up after the configured attempts with the reason kept, and `outbox retry` queues it again', async () => {
    const t = createTestDb();
    const probe = await startTestSmtp();
    const port = probe.port;
    await probe.close();
    const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2 });
    const { batchId } = sendInvitationsAt(t.db, { campaignId: campaign.id });
    let w = worker(t, `smtp://127.0.0.1:${port}?tls=off`, { retry: { maxAttempts: 3, retryBaseMs: 10 } });
    let smtp: Awaited<ReturnType<typeof startTestSmtp>> | undefined;
    try {
      await waitUntil(() => getBatchProgress(t.db, batchId).failed === 2, 10_000, 'both failed');
      const invite = t.db.select().from(invitations).all();
      expect(invite.map((i) => i.deliveryStatus)).toEqual(['failed', 'failed']);
      expect(invite[0]!.deliveryDetail).toMatch(/ECONNREFUSED/);
      expect(
        t.db
          .select()
          .from(mailOutbox)
          .all()
          .map((m) => m.attempts),
      ).toEqual([3, 3]);
      await w.stop();

      smtp = await startTestSmtp({ port });
      const retry = retryFailedMail(t.db, { campaignId: campaign.id }, SYSTEM_ACTOR, Date.now());
      expect(orThrow(retry).requeued).toBe(2);
      expect(
        t.db
          .select()
          .from(invitations)
          .all()
          .map((i) => i.deliveryStatus),
      ).toEqual(['queued', 'queued']);
      w = worker(t, smtp.url);
      await waitUntil(() => getBatchProgress(t.db, batchId).sent === 2, 10_000, 'both sent');
      expect(
        t.db
          .select()
          .from(invitations)
          .all()
          .map((i) => i.deliveryStatus),
      ).toEqual(['sent', 'sent']);
      expect(smtp.received).toHaveLength(2);
    } finally {
      await w.stop();
      await smtp?.close();
      t.cleanup();
    }
  });

  it('sends no more than the rate allows: at 120/min, 5 at once and then 2 per second of clock time', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp();
    let now = Date.parse('2019-11-20T01:00:00Z');
    queueOthers(t, 100, now);
    const w = worker(t, smtp.url, { ratePerMinute: 120, clock: () => now });
    try {
      await smtp.waitFor(5);
      await sleep(300);
      expect(smtp.received).toHaveLength(5);
      for (let second = 1; second <= 10; second++) {
        now += 1000;
        await smtp.waitFor(5 + 2 * second);
      }
      await sleep(300);
      expect(smtp.received).toHaveLength(25);
      expect(t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued')).all()).toHaveLength(75);
    } finally {
      await w.stop();
      await smtp.close();
      t.cleanup();
    }
  });

  it('claims what the rate allows in one batch, and puts back what it had not sent when it stops', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp();
    queueOthers(t, 30);
    const statuses = () =>
      t.db
        .select()
        .from(mailOutbox)
        .all()
        .map((r) => r.status);
    // One at a time, so most of the batch is still in hand when the first message has left.
    const first = worker(t, smtp.url, { concurrency: 1 });
    try {
      await smtp.waitFor(1);
      expect(statuses().filter((s) => s === 'sending').length).toBeGreaterThan(1);
    } finally {
      await first.stop();
    }
    const sentBefore = smtp.received.length;
    expect(statuses().filter((s) => s === 'sending')).toEqual([]);
    expect(statuses().filter((s) => s === 'sent')).toHaveLength(sentBefore);
    expect(sentBefore).toBeLessThan(30);
    const second = worker(t, smtp.url);
    try {
      await smtp.waitFor(30);
      await waitUntil(() => statuses().every((s) => s === 'sent'), 5_000, 'every message recorded as sent');
      await sleep(100);
      const subjects = smtp.received.map((m) => m.subject);
      expect(subjects).toHaveLength(30);
      expect(new Set(subjects).size).toBe(30);
    } finally {
      await second.stop();
      await smtp.close();
    }
  });

  it('alongside a running server, takes back only claims abandoned long ago, not the server’s in-flight rows', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp();
    const now = Date.now();
    queueOthers(t, 2, now - 60 * 60 * 1000);
    const [abandoned] = claimDueMail(t.db, now - 11 * 60 * 1000, 1);
    const [inFlightElsewhere] = claimDueMail(t.db, now, 1);
    const w = worker(t, smtp.url, { recoverOnStart: false });
    try {
      await smtp.waitFor(1);
      await sleep(300);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual([abandoned!.to]);
      const row = t.db.select().from(mailOutbox).where(eq(mailOutbox.id, inFlightElsewhere!.id)).get()!;
      expect(row.status).toBe('sending');
    } finally {
      await w.stop();
      await smtp.close();
      t.cleanup();
    }
  });
});
