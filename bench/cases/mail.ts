import { createMailer, type OutgoingMail } from '../../src/mail/transport';
import { scaled } from '../lib/measure';
import { runProductChild } from '../lib/product-child';
import { startSmtpSink } from '../lib/smtp-sink';
import type { WorkerRun } from '../lib/product/mail';
import type { BenchCase, BenchResult } from '../types';

const MESSAGES = 10_000;
const PRODUCT_RSS_TARGET_MB = 250;
const POOL_SIZES = scaled([5, 10, 20], [10]);

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
    const sink = await startSmtpSink();
    const results: BenchResult[] = [];
    let maxRss = 0;
    try {
      for (const poolSize of POOL_SIZES) {
        const baseline = await barePool(sink.url, poolSize);
        // The product's worker in a fresh process: its peak RSS is the mail pipeline's, not the bare pool's.
        const worker = await runProductChild<WorkerRun>('mail', [sink.url, String(poolSize)]);
        maxRss = Math.max(maxRss, worker.maxRssMb);
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
      results.push({
        name: 'outbox worker process peak RSS',
        value: Math.round(maxRss),
        unit: 'MB',
        target: `< ${PRODUCT_RSS_TARGET_MB} MB`,
        pass: maxRss < PRODUCT_RSS_TARGET_MB,
        notes:
          'highest of the fresh processes (bench/lib/product/mail.ts, compiled, plain Node), one per pool size, each ' +
          'seeding its 10,000 invitations, queueing them and draining the outbox',
      });
    } finally {
      await sink.close();
    }
    return results;
  },
};

export default mailBench;
