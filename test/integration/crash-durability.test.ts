import { openDb } from '../../src/open-db';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { startWriterProcess, storedWrites } from '../helpers/writer-process';

// "Every 200 OK is in the database", at the storage level: a commit that has returned survives the process being
// killed (kill -9). Power loss: test/integration/durable-commit.test.ts and docs/OPERATIONS.md.
describe('kill -9 of a process that is committing responses', () => {
  it('keeps every transaction that returned before the kill, intact, across three kills', async () => {
    const t = createTestDb();
    const campaign = makeCampaign(t.db);
    const unit = makeUnit(t.db, campaign.id, { code: 'STC01' });
    // No connection stays open across the kills: each reopen must recover from the journal left behind.
    t.db.$client.close();
    const reported: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const writer = startWriterProcess(t.file, campaign.id, unit.id);
        const killAfter = 50 + Math.floor(Math.random() * 400);
        await writer.waitForCommits(killAfter);
        writer.child.kill('SIGKILL');
        await writer.exited;
        expect(writer.child.signalCode).toBe('SIGKILL');
        reported.push(...writer.committed);

        const db = openDb(t.file);
        try {
          const { numbers, torn } = storedWrites(db, campaign.id);
          const lost = reported.filter((n) => !numbers.has(n));
          expect({ round, killAfter, lost }).toEqual({ round, killAfter, lost: [] });
          expect(torn).toBe(0);
          expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          db.$client.close();
        }
      }
      expect(reported.length).toBeGreaterThanOrEqual(150);
    } finally {
      t.cleanup();
    }
  });
});
