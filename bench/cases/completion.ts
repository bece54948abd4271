// A respondent's whole completion measured from outside, as issue 18 asks: a client process (50 virtual
// respondents) GETs a personal link, fills in whatever form it finds, POSTs it with its cookies and follows the
// redirect to the thank-you page — against the product server (src/server.ts compiled, production mode, outbox
// worker and scheduler running, thank-you mails over SMTP to a sink in this process) and against a bare
// Express 5 + EJS + better-sqlite3 server doing the same essential work (bench/lib/bare-completion-server.ts),
// each in its own process, interleaved (product, bare, product, bare) so machine noise hits both. The server's
// CPU per completion comes from /proc/<pid>/stat over the measured window.
// BENCH_CPU_PROF=<dir> (`npm run bench -- --cpu-prof <dir>`): the product server writes a V8 CPU profile there
// (`npm run bench:profile -- <dir>` summarises it).
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../src/i18n/messages';
import { siblingModule } from '../../src/sibling-module';
import { newTokens } from '../../src/tokens';
import { runChild } from '../lib/autocannon';
import { THANK_YOU_TITLE } from '../lib/bare-completion-server';
import type { CompletionResult, CompletionSpec } from '../lib/completion-client';
import { round, scaled, tempDir } from '../lib/measure';
import { freePort, processCpuMs, startServerProcess, type ServerProcess } from '../lib/server-process';
import { startSmtpSink } from '../lib/smtp-sink';
import { seedSurvey } from '../lib/survey-seed';
import type { BenchCase, BenchResult } from '../types';

const CONCURRENCY = 50;
const WARMUP_MS = scaled(3_000, 1_000);
const DURATION_MS = scaled(15_000, 3_000);
const ROUNDS = scaled(2, 1);
/** Links per round, more than the fastest server completes in warm-up + window (bare ~840/s in issue 18). */
const LINKS_PER_ROUND = scaled(25_000, 4_000);
const THROUGHPUT_SHARE_TARGET = 0.7;
const CPU_RATIO_TARGET = 1.5;
const SERVER_RSS_TARGET_MB = 200;
/**
 * How long a server may take, after the load, to hand the sink the thank-you mails still queued: under this
 * load most leave after the window, and their cost belongs to the completions.
 */
const MAIL_DRAIN_MS = scaled(120_000, 30_000);

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;
type Round = CompletionResult & {
  /** Server CPU from the first request until the last thank-you mail owed was delivered ÷ the completions. */
  cpuMsPerCompletion: number;
  /** Server CPU in the measured window ÷ the completions in it: mails still queued at its end are not in it. */
  windowCpuMsPerCompletion: number;
  peakRssMb: number;
  /** Thank-you mails the sink accepted during the measured window, and by the time the server stopped. */
  mailsInWindow: number;
  mailsTotal: number;
  /** Completions started that did not fail: the thank-you mails owed. */
  succeeded: number;
  /** From the end of the load until the last mail owed reached the sink (or the drain limit). */
  drainMs: number;
  logLines: number;
};

async function measureRound(
  server: ServerProcess,
  sink: Sink,
  tokens: string[],
  thankYouText: string,
  dir: string,
): Promise<Round> {
  const acceptedBefore = sink.accepted();
  const tokensFile = path.join(dir, `links-${server.pid}.txt`);
  fs.writeFileSync(tokensFile, tokens.join('\n'));
  const spec: CompletionSpec = {
    url: server.url,
    tokensFile,
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    serverPid: server.pid,
    thankYouText,
  };
  const specFile = path.join(dir, `spec-${server.pid}.json`);
  fs.writeFileSync(specFile, JSON.stringify(spec));
  const out = await runChild(
    siblingModule(path.join(__dirname, '../lib'), 'completion-client'),
    [specFile],
    (WARMUP_MS + DURATION_MS) / 1000,
  );
  const result = JSON.parse(out.trim().split('\n').pop()!) as CompletionResult;
  const failed = Object.entries(result.failures)
    .filter(([reason]) => reason !== 'ran out of links')
    .reduce((n, [, count]) => n + count, 0);
  const succeeded = result.started - failed;
  // Mails still queued when the load stopped are delivered before the server stops: every one is counted.
  const drainStart = Date.now();
  const drainUntil = drainStart + MAIL_DRAIN_MS;
  while (sink.accepted() - acceptedBefore < succeeded && Date.now() < drainUntil) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainMs = Date.now() - drainStart;
  const cpuMs = processCpuMs(server.pid) - result.serverCpuAtStartMs;
  const peakRssMb = server.peakRssMb();
  const logLines = server.outputLines();
  await server.stop();
  return {
    ...result,
    cpuMsPerCompletion: cpuMs / succeeded,
    windowCpuMsPerCompletion: result.serverCpuMs / result.completions,
    peakRssMb,
    mailsInWindow: sink.acceptedBetween(result.windowStart, result.windowEnd),
    mailsTotal: sink.accepted() - acceptedBefore,
    succeeded,
    drainMs,
    logLines,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const each = (rounds: Round[], figure: (r: Round) => number) =>
  rounds.map((r) => round(figure(r))).join(', ');

function failures(rounds: Round[]): string {
  const all: Record<string, number> = {};
  for (const r of rounds)
    for (const [reason, n] of Object.entries(r.failures)) all[reason] = (all[reason] ?? 0) + n;
  const listed = Object.entries(all).map(([reason, n]) => `${n} × ${reason}`);
  return listed.length ? `failures: ${listed.join(', ')}` : 'no failures';
}

function mails(rounds: Round[]): string {
  return rounds
    .map(
      (r) =>
        `${r.mailsTotal} of ${r.succeeded} owed (${r.mailsInWindow} in the window, the rest within ` +
        `${round(r.drainMs / 1000)} s after the load${r.mailsTotal < r.succeeded ? `, ${r.succeeded - r.mailsTotal} still queued at the ${MAIL_DRAIN_MS / 1000} s limit` : ''})`,
    )
    .join('; ');
}

const completion: BenchCase = {
  name: 'completion',
  async run() {
    const tmp = tempDir('cchc-bench-completion-');
    const sink = await startSmtpSink();
    const cpuProfileDir = process.env.BENCH_CPU_PROF;
    try {
      const dbFile = path.join(tmp.dir, 'app.sqlite');
      const seeded = seedSurvey(dbFile, LINKS_PER_ROUND * ROUNDS);
      seeded.db.$client.close();
      const productTokens = seeded.tokens;
      const productThanks = t('survey.thankYouTitle');

      const startProduct = async () => {
        const port = await freePort();
        return startServerProcess({
          script: siblingModule(path.join(__dirname, '../../src'), 'server'),
          port,
          env: {
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: String(port),
            DATABASE_PATH: dbFile,
            MAIL_DIR: path.join(tmp.dir, 'mail'),
            SMTP_URL: sink.url,
            PUBLIC_URL: `http://127.0.0.1:${port}`,
            SESSION_SECRET: 'bench-secret-bench-secret-bench',
            LOG_LEVEL: 'warn',
            SURVEY_RATE_LIMIT: '0',
            SURVEY_UNKNOWN_TOKEN_LIMIT: '0',
            // The default 6,000/min (100/s) would leave most thank-you mails queued past the window, their
            // cost uncounted; the bare server sends each at once.
            MAIL_RATE_PER_MINUTE: '600000',
          },
          nodeArgs: cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [],
        });
      };
      const startBare = async (n: number, tokens: string[]) => {
        const port = await freePort();
        const linksFile = path.join(tmp.dir, `bare-links-${n}.txt`);
        fs.writeFileSync(linksFile, tokens.map((tk, i) => `${tk}\tnguoi${i}@soctrang.gov.vn`).join('\n'));
        return startServerProcess({
          script: siblingModule(path.join(__dirname, '../lib'), 'bare-completion-server'),
          args: [path.join(tmp.dir, `bare-${n}.sqlite`), linksFile],
          port,
          env: { NODE_ENV: 'production', PORT: String(port), SMTP_URL: sink.url },
        });
      };

      const product: Round[] = [];
      const bare: Round[] = [];
      for (let n = 0; n < ROUNDS; n++) {
        const slice = productTokens.slice(n * LINKS_PER_ROUND, (n + 1) * LINKS_PER_ROUND);
        product.push(await measureRound(await startProduct(), sink, slice, productThanks, tmp.dir));
        const bareTokens = newTokens(LINKS_PER_ROUND);
        bare.push(
          await measureRound(await startBare(n, bareTokens), sink, bareTokens, THANK_YOU_TITLE, tmp.dir),
        );
      }

      const rate = {
        product: median(product.map((r) => r.completionsPerSecond)),
        bare: median(bare.map((r) => r.completionsPerSecond)),
      };
      const cpu = {
        product: median(product.map((r) => r.cpuMsPerCompletion)),
        bare: median(bare.map((r) => r.cpuMsPerCompletion)),
      };
      const p50 = { product: median(product.map((r) => r.p50Ms)), bare: median(bare.map((r) => r.p50Ms)) };
      const p99 = { product: median(product.map((r) => r.p99Ms)), bare: median(bare.map((r) => r.p99Ms)) };
      const peakRss = Math.max(...product.map((r) => r.peakRssMb));
      const bareName = 'bare Express 5 + EJS + better-sqlite3 completion server, same run';
      const rounds = `median of ${ROUNDS} interleaved rounds`;
      const anyFailure = [...product, ...bare].some((r) =>
        Object.keys(r.failures).some((reason) => reason !== 'ran out of links'),
      );
      const owed = (rs: Round[]) => rs.every((r) => r.mailsTotal >= r.succeeded);
      return [
        {
          name: 'respondent completions',
          value: round(rate.product),
          unit: 'completions/s',
          baseline: { name: bareName, value: round(rate.bare) },
          target: `≥ ${THROUGHPUT_SHARE_TARGET * 100}% of baseline`,
          pass: rate.product >= rate.bare * THROUGHPUT_SHARE_TARGET && !anyFailure,
          notes:
            `${rounds}; ${CONCURRENCY} respondents, ${DURATION_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up; ` +
            `each round product ${each(product, (r) => r.completionsPerSecond)}, bare ${each(bare, (r) => r.completionsPerSecond)}; ` +
            `product ${failures(product)}; bare ${failures(bare)}`,
        },
        {
          name: 'respondent completion p50',
          value: round(p50.product),
          unit: 'ms',
          baseline: { name: bareName, value: round(p50.bare) },
          notes: `GET form + POST + GET thank-you page; each round product ${each(product, (r) => r.p50Ms)}, bare ${each(bare, (r) => r.p50Ms)}`,
        },
        {
          name: 'respondent completion p99',
          value: round(p99.product),
          unit: 'ms',
          baseline: { name: bareName, value: round(p99.bare) },
          notes: `each round product ${each(product, (r) => r.p99Ms)}, bare ${each(bare, (r) => r.p99Ms)}`,
        },
        {
          name: 'server CPU per completion',
          value: round(cpu.product),
          unit: 'ms',
          baseline: { name: bareName, value: round(cpu.bare) },
          target: `≤ ${CPU_RATIO_TARGET} × baseline`,
          pass: cpu.product <= cpu.bare * CPU_RATIO_TARGET,
          notes:
            `utime + stime of the server process (/proc/<pid>/stat) from the first request until the sink has ` +
            `every thank-you mail owed, ÷ the completions (warm-up included: under this load most mails leave ` +
            `after the window); each round product ${each(product, (r) => r.cpuMsPerCompletion)}, bare ` +
            `${each(bare, (r) => r.cpuMsPerCompletion)}; within the window only: product ` +
            `${each(product, (r) => r.windowCpuMsPerCompletion)}, bare ${each(bare, (r) => r.windowCpuMsPerCompletion)}`,
        },
        {
          name: 'completion server peak RSS',
          value: round(peakRss),
          unit: 'MB',
          target: `< ${SERVER_RSS_TARGET_MB} MB`,
          pass: peakRss < SERVER_RSS_TARGET_MB,
          notes:
            `VmHWM of the product server process (src/server.ts compiled, production) over the load and the mail ` +
            `drain after it, highest of the rounds ` +
            `(${each(product, (r) => r.peakRssMb)}); bare server ${each(bare, (r) => r.peakRssMb)}`,
        },
        {
          name: 'thank-you mails received by the sink (product)',
          value: product.reduce((n, r) => n + r.mailsTotal, 0),
          unit: 'mails',
          target: 'one per completion',
          pass: owed(product),
          notes:
            `per round: ${mails(product)}; over SMTP through the outbox worker (pool of 5, ` +
            `MAIL_RATE_PER_MINUTE=600000); server log at warn: ${product.reduce((n, r) => n + r.logLines, 0)} lines, the first start's first-admin notice included`,
        },
        {
          name: 'thank-you mails received by the sink (bare)',
          value: bare.reduce((n, r) => n + r.mailsTotal, 0),
          unit: 'mails',
          target: 'one per completion',
          pass: owed(bare),
          notes: `per round: ${mails(bare)}; nodemailer pool of 5 after the commit`,
        },
      ] satisfies BenchResult[];
    } finally {
      await sink.close();
      tmp.cleanup();
    }
  },
};

export default completion;
