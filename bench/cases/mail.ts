import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { startOutboxWorker } from '../../src/mail/outbox-worker';
import { createMailer, type OutgoingMail } from '../../src/mail/transport';
import { createTestDb } from '../../test/helpers/db';
import { makeInvitedCampaign, PUBLIC_URL } from '../../test/helpers/invitation-fixtures';
import type { BenchCase, BenchResult } from '../types';

const MESSAGES = 10_000;
const POOL_SIZES = [5, 10, 20];

/** An SMTP server on 127.0.0.1 that accepts and discards everything. */
async function startSink() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** 10,000 invitations rendered and queued from the db, then delivered by the outbox worker; msg/s. */
async function throughWorker(
  smtpUrl: string,
  poolSize: number,
): Promise<{ perSecond: number; queueMs: number }> {
  const t = createTestDb();
  const mailer = createMailer({ smtpUrl, mailDir: t.dir, poolSize });
  try {
    const { campaign } = makeInvitedCampaign(t.db, { units: 50, perUnit: 200 });
    const queueStart = performance.now();
    const { queued } = sendInvitations(
      t.db,
      { campaignId: campaign.id },
      { publicUrl: PUBLIC_URL, now: Date.now() },
    );
    const queueMs = performance.now() - queueStart;
    if (queued !== MESSAGES) throw new Error(`queued ${queued}, expected ${MESSAGES}`);
    const start = performance.now();
    const worker = startOutboxWorker({
      db: t.db,
      mailer,
      from: 'khaosat@snv.example.vn',
      concurrency: poolSize,
      ratePerMinute: 1e9,
      clock: Date.now,
      publicUrl: PUBLIC_URL,
      schedule: false,
    });
    await worker.drain();
    const seconds = (performance.now() - start) / 1000;
    await worker.stop();
    const sent = t.db.$client
      .prepare(`SELECT count(*) AS n FROM mail_outbox WHERE status = 'sent'`)
      .get() as {
      n: number;
    };
    if (sent.n !== MESSAGES) throw new Error(`sent ${sent.n}, expected ${MESSAGES}`);
    return { perSecond: MESSAGES / seconds, queueMs };
  } finally {
    mailer.close();
    t.cleanup();
  }
}

/** The bare stack: the same pooled nodemailer transport sending 10,000 prebuilt messages at once; msg/s. */
async function barePool(smtpUrl: string, poolSize: number): Promise<number> {
  const mailer = createMailer({ smtpUrl, mailDir: '/nonexistent', poolSize });
  const html = '<p>Kính gửi Ông/Bà,</p>'.repeat(20);
  const messages: OutgoingMail[] = Array.from({ length: MESSAGES }, (_, i) => ({
    from: 'khaosat@snv.example.vn',
    to: `nguoi${i}@don-vi.vn`,
    subject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
    html,
    text: html,
  }));
  try {
    const start = performance.now();
    await Promise.all(messages.map((m) => mailer.send(m)));
    return MESSAGES / ((performance.now() - start) / 1000);
  } finally {
    mailer.close();
  }
}

const mailBench: BenchCase = {
  name: 'mail',
  async run() {
    const sink = await startSink();
    const results: BenchResult[] = [];
    try {
      for (const poolSize of POOL_SIZES) {
        const baseline = await barePool(sink.url, poolSize);
        const worker = await throughWorker(sink.url, poolSize);
        results.push({
          name: `outbox worker, 10,000 invitations, pool ${poolSize}`,
          value: Math.round(worker.perSecond),
          unit: 'msg/s',
          baseline: {
            name: `bare nodemailer pool ${poolSize}, prebuilt messages`,
            value: Math.round(baseline),
          },
          target: '≥ 50% of baseline',
          pass: worker.perSecond >= 0.5 * baseline,
          notes: `rendering and queueing the 10,000 invitations took ${Math.round(worker.queueMs)} ms`,
        });
      }
    } finally {
      await sink.close();
    }
    return results;
  },
};

export default mailBench;
