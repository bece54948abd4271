import Database from 'better-sqlite3';
import { inGroupCommit } from '../../src/db/group-commit';
import { createTestDb } from '../helpers/db';

let ctx: ReturnType<typeof createTestDb>;
let other: Database.Database;
beforeEach(() => {
  ctx = createTestDb();
  ctx.db.$client.exec('create table notes (text text not null)');
  other = new Database(ctx.file);
});
afterEach(() => {
  other.close();
  ctx.cleanup();
});

const insert = (text: string) => () => {
  ctx.db.$client.prepare('insert into notes (text) values (?)').run(text);
  return text;
};
const storedBy = (connection: Database.Database) =>
  connection.prepare('select text from notes order by text').pluck().all();

describe('group commit', () => {
  it('runs the writes queued in one event-loop turn in one transaction and settles them after its commit', async () => {
    const seenByAnotherConnection: unknown[][] = [];
    const seenByOwnConnection: unknown[][] = [];
    const look = () => {
      seenByAnotherConnection.push(storedBy(other));
      seenByOwnConnection.push(storedBy(ctx.db.$client));
    };
    const settled: string[] = [];
    const writes = ['a', 'b', 'c'].map((text) =>
      inGroupCommit(ctx.db, () => {
        look();
        return insert(text)();
      }).then((value) => {
        // Settled only once all three are committed: any connection sees all three.
        expect(storedBy(other)).toEqual(['a', 'b', 'c']);
        settled.push(value);
      }),
    );
    expect(storedBy(other)).toEqual([]); // nothing runs before the turn ends
    await Promise.all(writes);
    expect(settled).toEqual(['a', 'b', 'c']);
    // Each write saw the earlier ones of its turn on its own connection, uncommitted for everyone else.
    expect(seenByOwnConnection).toEqual([[], ['a'], ['a', 'b']]);
    expect(seenByAnotherConnection).toEqual([[], [], []]);
  });

  it('undoes only the write that throws: its promise rejects, the others of its turn are stored', async () => {
    const failing = inGroupCommit(ctx.db, () => {
      insert('half-done')();
      throw new Error('invalid answer sheet');
    });
    const results = await Promise.allSettled([
      inGroupCommit(ctx.db, insert('before')),
      failing,
      inGroupCommit(ctx.db, insert('after')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expect(failing).rejects.toThrow('invalid answer sheet');
    expect(storedBy(other)).toEqual(['after', 'before']);
  });

  it('rejects every write of the turn and stores none when the write lock cannot be had', async () => {
    ctx.db.$client.pragma('busy_timeout = 100');
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([
      inGroupCommit(ctx.db, insert('a')),
      inGroupCommit(ctx.db, insert('b')),
    ]);
    other.exec('COMMIT');
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason?.code)).toEqual([
      'SQLITE_BUSY',
      'SQLITE_BUSY',
    ]);
    expect(storedBy(other)).toEqual([]);
    // The queue carries on with the next turn.
    await inGroupCommit(ctx.db, insert('c'));
    expect(storedBy(other)).toEqual(['c']);
  });

  it('rejects the whole turn, running none of its later writes alone, when a failure ends the transaction', async () => {
    const results = await Promise.allSettled([
      inGroupCommit(ctx.db, insert('first')),
      // What SQLite does on some failures (disk full, I/O error): the whole transaction is rolled back.
      inGroupCommit(ctx.db, () => ctx.db.$client.exec('ROLLBACK')),
      inGroupCommit(ctx.db, insert('later')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(storedBy(other)).toEqual([]);
    expect(ctx.db.$client.inTransaction).toBe(false);
  });
});
