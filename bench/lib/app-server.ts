// Child process hosting the product app for a bench case, so its peak RSS is the product's own and not the
// case's data generation or load generator. argv: <db file> <work dir>. Prints `{"port":…}` once listening;
// on a stdin line `rss` prints `{"maxRssMb":…}`; stdin closed: closes the server and exits.
import path from 'node:path';
import readline from 'node:readline';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDb } from '../../src/open-db';
import { createMailer } from '../../src/mail/transport';
import { limitHeapGrowth } from '../../src/heap-growth';
import { peakRssMb } from './measure';

function main(dbFile: string, dir: string): void {
  // As the server runs (src/server.ts): the peak RSS measured here is the product's.
  limitHeapGrowth();
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_PATH: dbFile,
    PUBLIC_URL: 'http://127.0.0.1:3000',
    SESSION_SECRET: 'bench-secret-bench-secret-bench',
    LOG_LEVEL: 'silent',
  });
  const db = openDb(dbFile);
  const app = createApp({
    db,
    config,
    mailer: createMailer({ mailDir: path.join(dir, 'mail') }),
    surveyRateLimit: false,
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'rss') process.stdout.write(`${JSON.stringify({ maxRssMb: peakRssMb() })}\n`);
  });
  lines.on('close', () => {
    server.close();
    server.closeAllConnections();
    db.$client.close();
    process.exit(0);
  });
}

main(process.argv[2] as string, process.argv[3] as string);
