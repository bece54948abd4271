import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths';

export type WriterProcess = {
  child: ChildProcess;
  /** Ids whose commit had returned in the child, in the order reported. */
  committed: string[];
  /** Resolves once at least `count` commits have been reported. */
  waitForCommits(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited and all its output has been read. */
  exited: Promise<void>;
};

/**
 * Another process writing to the same database file (test/fixtures/store-responses-until-killed.ts): one
 * response per transaction until killed, reporting each commit on stdout.
 */
export function startWriterProcess(dbFile: string, campaignId: number, unitId: number): WriterProcess {
  const script = path.join(projectRoot, 'test/fixtures/store-responses-until-killed.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, dbFile, String(campaignId), String(unitId)],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const committed: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
    for (const w of [...waiters]) {
      if (committed.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    child,
    committed,
    exited,
    waitForCommits(count, timeoutMs = 20_000) {
      if (committed.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} commits, got ${committed.length}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}
