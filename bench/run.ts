// `npm run bench [-- --cases <dir>] [-- --out <dir>] [-- --only a,b] [-- --cpu-prof <dir>]`: runs every case in bench/cases, each in
// its own process (peak RSS per case; a crash loses one case, not the run), then writes results.md and
// results.json. BENCH_QUICK=1 for a short smoke run. `npm run bench` compiles the bench with the product
// (tsconfig.bench.json) and runs it with plain Node, as production runs the product; run from source (tsx),
// the cases are the .ts files of the cases folder. --cpu-prof sets BENCH_CPU_PROF for the cases: those that run
// the product server in its own process (completion) have it write a V8 CPU profile there.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/paths';
import { siblingModule } from '../src/sibling-module';
import { benchQuick, round, tempDir } from './lib/measure';
import type { CaseOutcome } from './run-case';
import type { BenchResult } from './types';

/**
 * Product cases must stay under this peak RSS; the bare ceilings (bare*.ts) and cases that measure the product
 * in its own process (their own "… peak RSS" row) report the case process without a target.
 */
const PEAK_RSS_TARGET_MB = 250;
const isBareCase = (name: string) => name.startsWith('bare');
/** Per case, so the whole run stays bounded even if one case hangs (completion, with its mail drains, takes 3–6 min). */
const CASE_TIMEOUT_MS = benchQuick ? 120_000 : 600_000;

type Row = BenchResult & { case: string; ratio?: number; status: 'PASS' | 'MISS' | '' };
type CaseReport = { case: string; file: string; seconds: number; peakRssMb?: number; error?: string };

type Args = { casesDir: string; outDir: string; only?: string[]; cpuProfileDir?: string };

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    casesDir: path.resolve(value('--cases') ?? path.join(__dirname, 'cases')),
    // The bench folder itself, not the build folder the compiled bench runs from.
    outDir: path.resolve(value('--out') ?? path.join(projectRoot, 'bench')),
    only: value('--only')?.split(','),
    cpuProfileDir: value('--cpu-prof') && path.resolve(value('--cpu-prof') as string),
  };
}

const runCaseModule = siblingModule(__dirname, 'run-case');
/** Cases are modules of the same kind as this one: .js when compiled, .ts from source. */
const caseExtension = path.extname(runCaseModule.file);

/** bare* first (their ceilings frame the rest), then alphabetical: the same order on every run. */
function caseFiles(args: Args): string[] {
  const names = fs
    .readdirSync(args.casesDir)
    .filter((f) => path.extname(f) === caseExtension && !f.endsWith('.d.ts'))
    .map((f) => path.basename(f, caseExtension))
    .filter((n) => !args.only || args.only.includes(n))
    .sort((a, b) => Number(isBareCase(b)) - Number(isBareCase(a)) || a.localeCompare(b));
  return names.map((n) => path.join(args.casesDir, `${n}${caseExtension}`));
}

function runCase(file: string, outFile: string): Promise<{ outcome?: CaseOutcome; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...runCaseModule.execArgv, runCaseModule.file, file, outFile], {
      cwd: projectRoot,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CASE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && fs.existsSync(outFile)) {
        resolve({ outcome: JSON.parse(fs.readFileSync(outFile, 'utf8')) as CaseOutcome });
        return;
      }
      const reason = timedOut
        ? `timed out after ${CASE_TIMEOUT_MS / 1000} s`
        : `exited with ${code ?? signal}: ${lastErrorLine(stderr)}`;
      resolve({ error: reason });
    });
  });
}

function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return (lines.find((l) => /Error/.test(l)) ?? lines.pop() ?? 'no output').trim().slice(0, 300);
}

function toRows(caseName: string, outcome: CaseOutcome): Row[] {
  const rows: Row[] = outcome.results.map((r) => {
    const ratio = r.baseline && r.baseline.value !== 0 ? r.value / r.baseline.value : undefined;
    let notes = r.notes;
    let status: Row['status'] = r.pass === true ? 'PASS' : r.pass === false ? 'MISS' : '';
    if (r.target && r.pass === undefined) {
      status = 'MISS';
      notes = [notes, 'the case gave a target but no verdict'].filter(Boolean).join('; ');
    }
    return { ...r, case: caseName, ratio, status, notes };
  });
  const product = !isBareCase(caseName);
  // A case that reports its product's own process (a "… peak RSS" row in MB) owns the target; the case
  // process also generated the data sets and hosted the baselines, so its figure is informational.
  const productRssRow = outcome.results.some((r) => r.unit === 'MB' && /peak RSS/i.test(r.name));
  const targeted = product && !productRssRow;
  const pass = outcome.peakRssMb < PEAK_RSS_TARGET_MB;
  rows.push({
    case: caseName,
    name: 'peak RSS of the case process',
    value: outcome.peakRssMb,
    unit: 'MB',
    target: targeted ? `< ${PEAK_RSS_TARGET_MB} MB` : undefined,
    pass: targeted ? pass : undefined,
    status: targeted ? (pass ? 'PASS' : 'MISS') : '',
    notes: !product
      ? 'bare ceilings: no target'
      : productRssRow
        ? "includes data generation and baselines: no target (the product's own process is measured above)"
        : undefined,
  });
  return rows;
}

/** Load average when the run started and ended: a busy machine explains noisy figures. */
function machineInfo(loadAtStart: number[]) {
  const cpus = os.cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return {
    loadAverage: `${load(loadAtStart)} at start, ${load(os.loadavg())} at end`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    quick: benchQuick,
  };
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? String(round(value)) : '—';
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderMarkdown(machine: ReturnType<typeof machineInfo>, reports: CaseReport[], rows: Row[]): string {
  const lines = [
    '# cchc-survey benchmark results',
    '',
    `${machine.date} — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, Node ${machine.node}, ` +
      `${machine.platform}, load average ${machine.loadAverage}${machine.quick ? ' — **BENCH_QUICK smoke run, figures not meaningful**' : ''}`,
    '',
    'Generated by `npm run bench`. Ratio = figure ÷ baseline (the bare-stack figure measured in the same run). ' +
      'HTTP loads: autocannon in its own process against 127.0.0.1; each case runs in its own process, and a ' +
      'case with its own "… peak RSS" row runs the measured product server or operation in a further process ' +
      '(the case process also generates the data, so its RSS is then informational).',
    '',
    '| case | figure | value | unit | baseline | ratio | target | result | notes |',
    '|---|---|---:|---|---|---:|---|---|---|',
  ];
  for (const r of rows) {
    const baseline = r.baseline ? `${r.baseline.name}: ${formatValue(r.baseline.value)}` : '';
    const ratio = r.ratio === undefined ? '' : r.ratio.toFixed(2);
    lines.push(
      `| ${[r.case, r.name, formatValue(r.value), r.unit, baseline, ratio, r.target, r.status, r.notes]
        .map((c) => cell(c))
        .join(' | ')} |`,
    );
  }
  lines.push('', '| case | seconds | peak RSS MB | outcome |', '|---|---:|---:|---|');
  for (const c of reports) {
    const rss = c.peakRssMb === undefined ? '—' : formatValue(c.peakRssMb);
    lines.push(`| ${c.case} | ${formatValue(c.seconds)} | ${rss} | ${cell(c.error ?? 'ok')} |`);
  }
  const missed = rows.filter((r) => r.status === 'MISS').length;
  lines.push('', `${rows.length} figures, ${missed} MISS.`, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.cpuProfileDir) process.env.BENCH_CPU_PROF = args.cpuProfileDir;
  const files = caseFiles(args);
  const tmp = tempDir('cchc-bench-run-');
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const reports: CaseReport[] = [];
  const rows: Row[] = [];
  try {
    for (const file of files) {
      const caseName = path.basename(file, caseExtension);
      console.error(`bench: ${caseName}…`);
      const caseStarted = Date.now();
      const { outcome, error } = await runCase(file, path.join(tmp.dir, `${caseName}.json`));
      const seconds = (Date.now() - caseStarted) / 1000;
      if (outcome) {
        reports.push({
          case: caseName,
          file: path.relative(projectRoot, file),
          seconds,
          peakRssMb: outcome.peakRssMb,
        });
        rows.push(...toRows(caseName, outcome));
      } else {
        reports.push({ case: caseName, file: path.relative(projectRoot, file), seconds, error });
        rows.push({
          case: caseName,
          name: 'case failed',
          value: NaN,
          unit: '',
          status: 'MISS',
          notes: error,
        });
      }
    }
  } finally {
    tmp.cleanup();
  }
  const machine = machineInfo(loadAtStart);
  fs.mkdirSync(args.outDir, { recursive: true });
  const totalSeconds = (Date.now() - started) / 1000;
  fs.writeFileSync(
    path.join(args.outDir, 'results.json'),
    `${JSON.stringify({ machine, totalSeconds, cases: reports, results: rows }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(args.outDir, 'results.md'), renderMarkdown(machine, reports, rows));
  console.error(`bench: ${rows.length} figures in ${round(totalSeconds)} s → ${args.outDir}/results.md`);
}

void main();
