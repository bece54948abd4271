import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { scaled, tempDir } from './measure';

/** One request to send; `{{i}}` in path or body becomes a counter shared by all connections (0, 1, 2…). */
export type LoadRequest = {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
};

export type LoadOptions = {
  /** http://127.0.0.1:<port>/… only: the harness never loads another host. */
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Unmeasured load first, same connections (default 1 s, none under BENCH_QUICK). */
  warmupSeconds?: number;
  /** Stop after this many requests even if the duration is not over. */
  amount?: number;
  /**
   * Sent in order, each once, across all connections (cycling when exhausted): use it for one-time tokens.
   * Without it every request is `method url` with `headers`/`body`.
   */
  requests?: LoadRequest[];
} & LoadRequest;

export type LoadResult = {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
};

/**
 * Runs autocannon in its own process, so the server under test keeps this process's event loop (and its
 * peak RSS) to itself and the load generator uses the other core.
 */
export async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`bench loads 127.0.0.1 only, not ${url.hostname}`);
  const tmp = tempDir('cchc-load-');
  try {
    const specFile = path.join(tmp.dir, 'spec.json');
    fs.writeFileSync(
      specFile,
      JSON.stringify({ ...options, warmupSeconds: options.warmupSeconds ?? scaled(1, 0) }),
    );
    const stdout = await runChild(path.join(__dirname, 'load-generator.ts'), [specFile], options.duration);
    const lastLine = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(lastLine) as LoadResult;
  } finally {
    tmp.cleanup();
  }
}

function runChild(script: string, args: string[], durationSeconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (durationSeconds + 40) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

/** "p50 1 ms, p99 4 ms, 0 errors, 0 non-2xx of 51234" for the notes column. */
export function describeLoad(load: LoadResult): string {
  const failed = load.errors + load.non2xx;
  return (
    `p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ` +
    `${failed} failed (${load.errors} errors, ${load.non2xx} non-2xx) of ${load.total}`
  );
}
