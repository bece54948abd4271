import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { invitations } from '../../src/db/schema';
import { createTestDb } from '../helpers/db';
import { linksIn, makeInvitedCampaign, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { waitUntil } from '../helpers/wait';

const projectRoot = path.resolve(__dirname, '../..');
const CONCURRENCY = 5;

function runWorker(dbFile: string, smtpUrl: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/outbox-worker-process.ts', dbFile, smtpUrl, String(CONCURRENCY)],
    { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('outbox after a crash', () => {
  it('delivers every invitation after kill -9 and a restart, re-sending at most the messages in flight', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp({ delayMs: 2 });
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 12, perUnit: 100 });
      const { queued } = sendInvitationsAt(t.db, { campaignId: campaign.id });
      expect(queued).toBe(1200);

      const first = runWorker(t.file, smtp.url);
      await smtp.waitFor(300, 30_000);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const deliveredBeforeCrash = smtp.received.length;
      expect(deliveredBeforeCrash).toBeLessThan(1200);

      const second = runWorker(t.file, smtp.url);
      expect(await second.exited).toBe(0);
      await waitUntil(() => smtp.received.length >= 1200, 10_000, 'every message received');

      const statuses = t.db.select({ s: invitations.deliveryStatus }).from(invitations).all();
      expect(statuses.filter((r) => r.s === 'sent')).toHaveLength(1200);
      const tokens = smtp.received.map((m) => linksIn(m.text)[0]);
      const distinct = new Set(tokens);
      expect(distinct.size).toBe(1200);
      const known = new Set(
        t.db
          .select({ token: invitations.token })
          .from(invitations)
          .all()
          .map((r) => r.token),
      );
      for (const token of distinct) expect(known.has(token!)).toBe(true);
      expect(smtp.received.length - 1200).toBeLessThanOrEqual(CONCURRENCY);
    } finally {
      await smtp.close();
      t.cleanup();
    }
  });
});
