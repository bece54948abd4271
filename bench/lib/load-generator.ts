// Child process of runAutocannon: reads a LoadOptions JSON file, runs autocannon, prints a LoadResult line.
import fs from 'node:fs';
import autocannon from 'autocannon';
import type { LoadOptions, LoadRequest, LoadResult } from './autocannon';

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as LoadOptions;
  const base = new URL(spec.url);
  const list: LoadRequest[] = spec.requests ?? [
    { method: spec.method, path: base.pathname + base.search, headers: spec.headers, body: spec.body },
  ];
  let counter = 0;
  const result = await autocannon({
    url: base.origin,
    connections: spec.connections,
    duration: spec.duration,
    amount: spec.amount,
    timeout: 10,
    ...(spec.warmupSeconds
      ? { warmup: { connections: spec.connections, duration: spec.warmupSeconds } }
      : {}),
    requests: [
      {
        // One shared counter: every connection takes the next request, so one-time tokens are never reused.
        setupRequest: (req) => {
          const i = counter++;
          const next = list[i % list.length] as LoadRequest;
          return {
            ...req,
            // An entry without method, headers or body takes the spec's own.
            method: next.method ?? spec.method ?? 'GET',
            path: (next.path ?? '/').replaceAll('{{i}}', String(i)),
            headers: next.headers ?? spec.headers ?? {},
            body: (next.body ?? spec.body)?.replaceAll('{{i}}', String(i)),
          };
        },
      },
    ],
  });
  const out: LoadResult = {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    status4xx5xx: result['4xx'] + result['5xx'],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main(process.argv[2] as string).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
