import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** BENCH_QUICK=1: a smoke run with small sizes and short loads (used by the harness test). */
export const benchQuick = process.env.BENCH_QUICK === '1';

/** `full` normally, `quick` under BENCH_QUICK=1. */
export function scaled<T>(full: T, quick: T): T {
  return benchQuick ? quick : full;
}

export type Measured<T> = { ms: number; runsMs: number[]; result: T };

/** Runs fn `warmups` times unmeasured, then `runs` times; reports the median run and the last result. */
export async function measure<T>(
  fn: () => T | Promise<T>,
  options: { warmups?: number; runs?: number } = {},
): Promise<Measured<T>> {
  for (let i = 0; i < (options.warmups ?? 1); i++) await fn();
  const runsMs: number[] = [];
  let result!: T;
  for (let i = 0; i < (options.runs ?? 3); i++) {
    const start = process.hrtime.bigint();
    result = await fn();
    runsMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)] as number, runsMs, result };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  // maxRSS is in kilobytes on Linux.
  return process.resourceUsage().maxRSS / 1024;
}

/** A fresh directory under the system temp dir, removed by cleanup(). */
export function tempDir(prefix = 'cchc-bench-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Rounds for the results table: 3 significant digits below 100, integers above. */
export function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
}
