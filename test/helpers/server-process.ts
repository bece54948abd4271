import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths';

/** `pid` is the app's own process: not `child.pid` when it runs under a wrapper. */
export type ServerProcess = { child: ChildProcess; origin: string; pid: number; exited: Promise<void> };

/** The environment of a production server on a database file and mail directory, on a free port. */
export function serverEnv(dbFile: string, mailDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_PATH: dbFile,
    MAIL_DIR: mailDir,
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    SESSION_SECRET: 'crash-test-secret-crash-test-secret',
    LOG_LEVEL: 'silent',
  };
}

/**
 * The app in its own process (test/fixtures/serve-without-survey-limits.ts) on a database file, NODE_ENV
 * production, survey rate limits off; resolves once it listens. `wrapper` runs it under another command (strace).
 */
export function startServerProcess(
  dbFile: string,
  mailDir: string,
  wrapper: string[] = [],
): Promise<ServerProcess> {
  const script = path.join(projectRoot, 'test/fixtures/serve-without-survey-limits.ts');
  const command = [...wrapper, process.execPath, '--import', 'tsx', script];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: serverEnv(dbFile, mailDir),
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server process did not listen within 15 s')), 15_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const [, port, pid] = /listening (\d+) pid (\d+)/.exec(out) ?? [];
      if (port && pid) {
        clearTimeout(timer);
        resolve({ child, origin: `http://127.0.0.1:${port}`, pid: Number(pid), exited });
      }
    });
    void exited.then(() => reject(new Error('server process exited before listening')));
  });
}
