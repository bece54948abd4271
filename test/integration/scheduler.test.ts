import { eq } from 'drizzle-orm';
import { campaigns } from '../../src/db/schema';
import { createMailer } from '../../src/mail/transport';
import { deliveryJobs, startWorker } from '../../src/scheduler/mail-delivery';
import { startScheduler } from '../../src/scheduler/scheduler';
import { surveyJobs } from '../../src/scheduler/survey-jobs';
import { startOfVnDay } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, PUBLIC_URL, SUBJECT_2019 } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { inWords } from '../helpers/audit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RETRY_MS = 30_000;

describe('the scheduler', () => {
  it('sends on the sending day, retries, reminds and closes, each on the tick of an injected clock', async () => {
    const t = createTestDb();
    let relayDown = false;
    const smtp = await startTestSmtp({ temporarilyFailing: () => relayDown });
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 2 });
    const sendingDay = startOfVnDay('2019-11-20');
    const deadline = sendingDay + 10 * DAY;
    // The injected clock jumps to each moment the test names, then runs on in real time (the rate limit refills).
    let now = sendingDay - HOUR;
    let setAt = Date.now();
    const clock = () => now + (Date.now() - setAt);
    const { campaign } = makeInvitedCampaign(t.db, {
      units: 1,
      perUnit: 2,
      sendOn: '2019-11-20',
      deadlineAt: deadline,
      now: sendingDay - 30 * DAY,
    });
    t.db.update(campaigns).set({ reminderDaysBefore: 2 }).where(eq(campaigns.id, campaign.id)).run();
    const worker = startWorker({
      db: t.db,
      mailer,
      from: 'khaosat@snv.example.vn',
      concurrency: 2,
      ratePerMinute: 1_000_000,
      clock,
      retry: { maxAttempts: 5, retryBaseMs: RETRY_MS },
    });
    const scheduler = startScheduler({
      jobs: [...surveyJobs({ db: t.db, publicUrl: PUBLIC_URL }), ...deliveryJobs(worker)],
      clock,
      tickMs: 1000,
      start: false,
    });
    const tickAt = async (at: number) => {
      now = at;
      setAt = Date.now();
      scheduler.tick();
      await worker.drain();
    };
    // What the jobs audit, after what setting the campaign up did.
    const setUp = t.db.$client.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const audit = () =>
      inWords(
        t.db.$client.prepare('SELECT action, actor, detail FROM audit_log ORDER BY id').all() as Array<{
          action: string;
          actor: string;
          detail: string;
        }>,
      ).slice(setUp);
    try {
      // The day before the unit's sending day: nothing goes out.
      await tickAt(sendingDay - HOUR);
      expect(smtp.received).toHaveLength(0);

      // The sending day, with the relay refusing for now: queued, tried once, waiting for a retry.
      relayDown = true;
      await tickAt(sendingDay + HOUR);
      expect(smtp.received).toHaveLength(0);
      expect(audit()).toEqual([{ action: 'mail.send_invitations', actor: 'system', detail: '2 thư (DV1)' }]);

      // The relay is back, but the retry waits for its backoff on the same clock.
      relayDown = false;
      await tickAt(sendingDay + HOUR + RETRY_MS / 2);
      expect(smtp.received).toHaveLength(0);
      await tickAt(sendingDay + HOUR + 2 * RETRY_MS);
      expect(smtp.received.map((m) => m.subject)).toEqual([SUBJECT_2019, SUBJECT_2019]);

      // Two days before the deadline: one automatic reminder each, not again on the next tick.
      await tickAt(deadline - 2 * DAY);
      await tickAt(deadline - 2 * DAY + HOUR);
      expect(smtp.received.filter((m) => m.subject === `[Nhắc lại] ${SUBJECT_2019}`)).toHaveLength(2);

      // Past the deadline: the campaign closes itself, as the system.
      await tickAt(deadline + 1);
      const status = t.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status;
      expect(status).toBe('closed');
      expect(audit().map((a) => `${a.action} ${a.actor}`)).toEqual([
        'mail.send_invitations system',
        'mail.send_reminders system',
        'campaign.close system',
      ]);
    } finally {
      scheduler.stop();
      await worker.stop();
      mailer.close();
      await smtp.close();
      t.cleanup();
    }
  });
});
