import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { siblingModule, type SiblingModule } from '../../src/sibling-module';
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
   * Without it every request is `method url` with `headers`/`body`; an entry without method, headers or body
   * takes those.
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
  /** 4xx and 5xx only (non2xx also counts redirects, e.g. a submit's 303). */
  status4xx5xx: number;
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
    const stdout = await runChild(siblingModule(__dirname, 'load-generator'), [specFile], options.duration);
    const lastLine = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(lastLine) as LoadResult;
  } finally {
    tmp.cleanup();
  }
}

/** Runs a bench script in its own process; resolves with its stdout; killed if it outlives the load by 40 s. */
export function runChild(script: SiblingModule, args: string[], durationSeconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...script.execArgv, script.file, ...args], {
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
      else reject(new Error(`${path.basename(script.file)} exited with ${code}`));
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

export type AppServerProcess = {
  url: string;
  /** Peak RSS of the server process so far, in MB. */
  peakRssMb(): Promise<number>;
  /** Closes the server and waits for its process to exit. */
  stop(): Promise<void>;
};

/**
 * Starts the product app (production mode, survey rate limit off) on `dbFile` in its own process
 * (bench/lib/app-server.ts), so the case can report the product server's own peak RSS.
 */
export function startAppServer(dbFile: string, dir: string): Promise<AppServerProcess> {
  return new Promise((resolve, reject) => {
    const server = siblingModule(__dirname, 'app-server');
    const child = spawn(process.execPath, [...server.execArgv, server.file, dbFile, dir], {
      cwd: projectRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const waiting: Array<(message: Record<string, number>) => void> = [];
    let buffered = '';
    let started = false;
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!started) reject(new Error(`app server exited with ${code} before listening`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as Record<string, number>;
        if (!started && message.port !== undefined) {
          started = true;
          resolve({
            url: `http://127.0.0.1:${message.port}`,
            peakRssMb: () =>
              new Promise((answer) => {
                waiting.push((m) => answer(m.maxRssMb as number));
                child.stdin.write('rss\n');
              }),
            stop: async () => {
              child.stdin.end();
              await exited;
            },
          });
        } else if (message.maxRssMb !== undefined) {
          waiting.shift()?.(message);
        }
      }
    });
  });
}
