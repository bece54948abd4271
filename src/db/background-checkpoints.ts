import { Worker } from 'node:worker_threads';
import { siblingModule } from '../sibling-module';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './checkpoint-worker';
import type { Db } from './client';

export type BackgroundCheckpoints = { stop(): Promise<void> };

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
  const { file: script, execArgv } = siblingModule(__dirname, 'checkpoint-worker');
  const worker = new Worker(script, {
    execArgv,
    workerData: {
      file,
      intervalMs,
      maxFailures: MAX_CONSECUTIVE_FAILURES,
    } satisfies CheckpointWorkerData,
  });
  worker.on('message', (message: CheckpointWorkerMessage) => onError?.(message.error));
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
