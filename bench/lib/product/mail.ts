// Child of bench/cases/mail.ts: 10,000 invitations queued from the db and delivered by the outbox worker to
// the case's SMTP sink. argv: <smtp url> <pool size>.
import { sendInvitations } from '../../../src/invitations/send-invitations';
import { startMailDelivery } from '../../../src/scheduler/mail-delivery';
import { createMailer } from '../../../src/mail/transport';
import { createTestDb } from '../../../test/helpers/db';
import { makeInvitedCampaign, PUBLIC_URL } from '../../../test/helpers/invitation-fixtures';
import { reportFromChild } from '../product-child';
import { orThrow } from '../../../src/errors';
import { SYSTEM_ACTOR } from '../../../src/audit/actor';

export const MESSAGES = 10_000;

export type WorkerRun = { perSecond: number; queueMs: number };

/** 10,000 invitations rendered and queued from the db, then delivered by the outbox worker; msg/s. */
export async function throughWorker(
  smtpUrl: string,
  poolSize: number,
): Promise<{ perSecond: number; queueMs: number }> {
  const t = createTestDb();
  const mailer = createMailer({ smtpUrl, mailDir: t.dir, poolSize });
  try {
    const { campaign } = makeInvitedCampaign(t.db, { units: 50, perUnit: 200 });
    const queueStart = performance.now();
    const { queued } = orThrow(
      sendInvitations(t.db, { campaignId: campaign.id, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, Date.now()),
    );
    const queueMs = performance.now() - queueStart;
    if (queued !== MESSAGES) throw new Error(`queued ${queued}, expected ${MESSAGES}`);
    const start = performance.now();
    const worker = startMailDelivery({
      db: t.db,
      mailer,
      from: 'khaosat@snv.example.vn',
      concurrency: poolSize,
      ratePerMinute: 1e9,
      clock: Date.now,
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

reportFromChild<WorkerRun>(() => throughWorker(process.argv[2] as string, Number(process.argv[3])));
