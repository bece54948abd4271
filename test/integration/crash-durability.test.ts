import { openDb } from '../../src/db/client';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { startWriterProcess } from '../helpers/writer-process';

// "Every 200 OK is in the database", at the storage level: with WAL and synchronous=NORMAL a commit that has
// returned survives the process being killed (kill -9). Power loss is another matter: see docs/OPERATIONS.md.
describe('kill -9 of a process that is committing responses', () => {
  it('keeps every transaction that returned before the kill, intact, across three kills', async () => {
    const t = createTestDb();
    const campaign = makeCampaign(t.db);
    const unit = makeUnit(t.db, campaign.id, { code: 'STC01' });
    // No connection stays open across the kills: each reopen must recover from the WAL left behind.
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
          const stored = new Set(
            (db.$client.prepare('SELECT id FROM responses').all() as Array<{ id: string }>).map((r) => r.id),
          );
          const lost = reported.filter((id) => !stored.has(id));
          expect({ round, killAfter, lost }).toEqual({ round, killAfter, lost: [] });
          const torn = db.$client
            .prepare(
              `SELECT count(*) AS n FROM responses r
               WHERE (SELECT count(*) FROM response_answers a WHERE a.response_id = r.id) != 15`,
            )
            .get() as { n: number };
          expect(torn.n).toBe(0);
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
