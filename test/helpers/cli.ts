import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths';

const run = promisify(execFile);

/**
 * `npm run cli -- <args>` as its own process (as a person runs it), with `env` added to this process's
 * environment; resolves with its stdout/stderr, rejects (with them) on a non-zero exit.
 */
export function runCli(env: Record<string, string | undefined>, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

/** The CLI bound to one database file (and any further environment). */
export function cliOn(dbFile: string, env: Record<string, string | undefined> = {}) {
  return (...args: string[]) => runCli({ DATABASE_PATH: dbFile, ...env }, ...args);
}
