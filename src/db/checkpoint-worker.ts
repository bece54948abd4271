// The worker thread of background-checkpoints.ts: its own connection to the database file, checkpointing the
// WAL on a timer until told to stop. It needs nothing but the driver.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type CheckpointWorkerData = { file: string; intervalMs: number; maxFailures: number };
export type CheckpointWorkerMessage = { error: string };

const port = parentPort!;
const { file, intervalMs, maxFailures } = workerData as CheckpointWorkerData;
const db = new Database(file);
let failures = 0;

function stop(): void {
  clearInterval(timer);
  db.close();
  port.close();
}

// PASSIVE never waits for a lock (SQLite calls no busy handler for it), so no busy timeout is set.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
    } satisfies CheckpointWorkerMessage);
    // A checkpoint that keeps failing (read-only file, I/O error) is reported a few times, then left to SQLite.
    if (++failures >= maxFailures) stop();
  }
}, intervalMs);
port.on('message', stop);
