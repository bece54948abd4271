import type Database from 'better-sqlite3';
import { perConnection, type Db } from './client';

type QueuedWrite = {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One queue per connection. Its writes run at the end of the event-loop turn that queued them, each in its own
 * savepoint inside a single IMMEDIATE transaction, and settle only once that transaction has committed.
 */
const queues = perConnection((connection: Database.Database) => {
  let queued: QueuedWrite[] = [];
  // better-sqlite3 runs a transaction function called inside another one as a savepoint.
  const inSavepoint = connection.transaction((work: () => unknown) => work());
  const runAll = connection.transaction((writes: QueuedWrite[]): Outcome[] =>
    writes.map((write) => {
      try {
        return { ok: true, value: inSavepoint(write.work) };
      } catch (error) {
        // Some failures (disk full, I/O error) make SQLite roll back the whole transaction, not just the
        // savepoint: then no write of this turn can be committed, and later ones must not run on their own.
        if (!connection.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );

  const flush = () => {
    const writes = queued;
    queued = [];
    let outcomes: Outcome[];
    try {
      outcomes = runAll.immediate(writes);
    } catch (error) {
      // Nothing was committed (lock not obtained within busy_timeout, disk full…): every write failed.
      for (const write of writes) write.reject(error);
      return;
    }
    writes.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  };

  return (work: () => unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (queued.length === 0) setImmediate(flush);
      queued.push({ work, resolve, reject });
    });
});

/**
 * Runs `work` (synchronous, like any better-sqlite3 transaction) atomically, sharing one commit with the other
 * group-committed writes queued in the same event-loop turn: under a burst of submissions, one synced commit
 * (journal, database file, each waiting for the disk) instead of one per submission. `work` runs in its own
 * savepoint: if it throws, only its changes are undone and its promise
 * rejects. The promise settles after the commit; if the commit fails, every write queued with it rejects and
 * none is stored.
 */
export function inGroupCommit<T>(db: Db, work: () => T): Promise<T> {
  return queues(db)(work) as Promise<T>;
}
