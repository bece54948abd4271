// A server under measurement in a process of its own, watched from outside through /proc: its CPU time and its
// peak RSS are the server's alone, not the load generator's or the case's.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { projectRoot } from '../../src/paths';
import type { SiblingModule } from '../../src/sibling-module';

export type ServerProcess = {
  pid: number;
  url: string;
  /** VmHWM: the process's peak resident set so far, in MB. */
  peakRssMb(): number;
  /** Lines the server wrote on stdout (its log) and stderr so far. */
  outputLines(): number;
  /** SIGTERM, then waits for the exit (a --cpu-prof profile is written then). */
  stop(): Promise<void>;
};

let clockTicks: number | undefined;

/** user + system CPU time of a process so far, in ms (/proc/<pid>/stat, clock ticks of `getconf CLK_TCK`). */
export function processCpuMs(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function peakRssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return Number(kb) / 1024;
}

/** A port nobody listens on right now, for a server that is told its port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs `script` with plain Node (plus `nodeArgs`, e.g. --cpu-prof) and `env`, listening on 127.0.0.1:`port`;
 * resolves once GET /healthz answers 200.
 */
export async function startServerProcess(options: {
  script: SiblingModule;
  args?: string[];
  env: Record<string, string>;
  port: number;
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), ...options.script.execArgv, options.script.file, ...(options.args ?? [])],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let tail = '';
  let lines = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    lines += text.split('\n').length - 1;
    tail = (tail + text).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.on('close', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      done();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before listening:\n${tail}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within 30 s:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    pid,
    url,
    peakRssMb: () => peakRssOf(pid),
    outputLines: () => lines,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      await exited;
      if (exitCode !== 0) throw new Error(`server exited with ${exitCode}:\n${tail}`);
    },
  };
}
