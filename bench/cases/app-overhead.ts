// The product's own middleware stack (helmet, cookie parser, CSRF, body parsers, locals, error page) on its
// cheapest routes (the app in its own process), next to bare Express on the same machine in this process.
import path from 'node:path';
import { describeLoad, runAutocannon, startAppServer, type LoadResult } from '../lib/autocannon';
import { startBareEjsForm, startBareExpressHello, type RunningServer } from '../lib/bare-servers';
import { scaled, tempDir } from '../lib/measure';
import type { BenchCase, BenchResult } from '../types';
import { CONNECTIONS } from './bare';

const DURATION_S = scaled(3, 1);
/** Bare and app loads alternate and each keeps its best round, so a burst of other work on the machine
 * does not land on one side only. */
const ROUNDS = scaled(2, 1);
/** Health checks and error pages must not be where capacity goes: at least half the bare framework. */
const HEALTHZ_MIN_RATIO = 0.5;
/** The 404 page renders the full layout (EJS + partials): compared with bare Express + EJS it should keep 50%. */
const NOT_FOUND_MIN_RATIO = 0.5;
const SERVER_RSS_TARGET_MB = 250;

function load(server: RunningServer, urlPath: string, connections: number) {
  return runAutocannon({
    url: `${server.url}${urlPath}`,
    connections,
    duration: DURATION_S,
    headers: { accept: 'text/html' },
  });
}

async function bestOfRounds(loads: Array<() => Promise<LoadResult>>): Promise<LoadResult[]> {
  const best: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, run] of loads.entries()) {
      const result = await run();
      const previous = best[i];
      if (!previous || result.requestsPerSecond > previous.requestsPerSecond) best[i] = result;
    }
  }
  return best;
}

const appOverhead: BenchCase = {
  name: 'app-overhead',
  async run() {
    const tmp = tempDir();
    // The product server in its own process (bench/lib/app-server.ts): its peak RSS is reported on its own.
    const appProcess = await startAppServer(path.join(tmp.dir, 'app.sqlite'), tmp.dir);
    const app: RunningServer = { url: appProcess.url, close: () => appProcess.stop() };
    const bare = await startBareExpressHello();
    const bareEjs = await startBareEjsForm();
    const results: BenchResult[] = [];
    try {
      for (const connections of CONNECTIONS) {
        const [bareHello, healthz, bareEjsPage, notFound] = (await bestOfRounds([
          () => load(bare, '/', connections),
          () => load(app, '/healthz', connections),
          () => load(bareEjs, '/', connections),
          () => load(app, '/khong-co-trang-nay', connections),
        ])) as [LoadResult, LoadResult, LoadResult, LoadResult];
        const healthzRatio = healthz.requestsPerSecond / bareHello.requestsPerSecond;
        results.push({
          name: `app GET /healthz, ${connections} connections`,
          value: healthz.requestsPerSecond,
          unit: 'req/s',
          baseline: { name: 'bare Express hello', value: bareHello.requestsPerSecond },
          target: `≥ ${HEALTHZ_MIN_RATIO * 100}% of baseline`,
          pass: healthzRatio >= HEALTHZ_MIN_RATIO && healthz.errors + healthz.non2xx === 0,
          notes: describeLoad(healthz),
        });
        const notFoundRatio = notFound.requestsPerSecond / bareEjsPage.requestsPerSecond;
        results.push({
          name: `app 404 page (HTML), ${connections} connections`,
          value: notFound.requestsPerSecond,
          unit: 'req/s',
          baseline: { name: 'bare Express + EJS form page', value: bareEjsPage.requestsPerSecond },
          target: `≥ ${NOT_FOUND_MIN_RATIO * 100}% of baseline`,
          pass: notFoundRatio >= NOT_FOUND_MIN_RATIO && notFound.errors === 0,
          // Every response is a 404 by design, so non-2xx is not a failure here.
          notes: `p50 ${notFound.latencyP50Ms} ms, p99 ${notFound.latencyP99Ms} ms, ${notFound.errors} errors`,
        });
      }
      const serverRss = await appProcess.peakRssMb();
      results.push({
        name: 'app server peak RSS',
        value: Math.round(serverRss),
        unit: 'MB',
        target: `< ${SERVER_RSS_TARGET_MB} MB`,
        pass: serverRss < SERVER_RSS_TARGET_MB,
        notes:
          'the product app server in its own process (bench/lib/app-server.ts, compiled, plain Node), after all loads',
      });
      return results;
    } finally {
      await Promise.all([app.close(), bare.close(), bareEjs.close()]);
      tmp.cleanup();
    }
  },
};

export default appOverhead;
