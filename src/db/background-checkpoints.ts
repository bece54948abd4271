import { Worker } from 'node:worker_threads';
import type { Db } from './client';

export type BackgroundCheckpoints = { stop(): Promise<void> };

// The worker is plain CommonJS given as text: it needs nothing but the driver, and no TypeScript loader.
// PASSIVE never waits for a lock (SQLite calls no busy handler for it), so the worker sets no busy timeout.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let failures = 0;
const stop = () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
};
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
    // A checkpoint that keeps failing (read-only file, I/O error) is reported a few times, then left to SQLite.
    if (++failures >= workerData.maxFailures) stop();
  }
}, workerData.intervalMs);
parentPort.on('message', stop);
`;

/** The main connection's own checkpoint mark while the worker runs: a safety net, not the usual path. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;
/** After a checkpoint resets it, the WAL file is cut back to this size instead of keeping its high-water mark. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
const MAX_CONSECUTIVE_FAILURES = 5;

/**
 * Checkpoints the WAL from a worker thread with its own connection, so copying pages back into the database
 * file and the fsync that follows never stall the event loop: measured here, one submit's transaction costs
 * ~570 µs with SQLite's automatic checkpoints on the main connection (a ~10 ms stall every ~30 submits) and
 * ~360 µs with them in the background. The main connection keeps an automatic checkpoint at a far higher mark
 * in case the worker falls behind, and gets SQLite's own settings back whenever the worker ends (stopped,
 * failed to open the file, or gave up after repeated failures). A checkpoint only copies committed pages:
 * nothing a crash could lose.
 */
export function startBackgroundCheckpoints(
  db: Db,
  file: string,
  { intervalMs = 200, onError }: { intervalMs?: number; onError?: (message: string) => void } = {},
): BackgroundCheckpoints {
  const sqlite = db.$client;
  if (file === ':memory:') return { stop: async () => undefined };
  const previous = {
    autocheckpoint: sqlite.pragma('wal_autocheckpoint', { simple: true }) as number,
    sizeLimit: sqlite.pragma('journal_size_limit', { simple: true }) as number,
  };
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file,
      intervalMs,
      maxFailures: MAX_CONSECUTIVE_FAILURES,
    },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError?.(message.error);
  });
  worker.on('error', (error) => onError?.(error.message));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (sqlite.open) {
        sqlite.pragma(`wal_autocheckpoint = ${previous.autocheckpoint}`);
        sqlite.pragma(`journal_size_limit = ${previous.sizeLimit}`);
      }
      resolve();
    }),
  );
  // Never what keeps a process alive; but while stopping it must, or an idle process would end before the
  // caller's cleanup after stop() runs.
  worker.unref();
  return {
    async stop() {
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
