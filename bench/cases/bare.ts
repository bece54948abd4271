// Bare-stack ceilings (HTTP, SQLite): what this machine does with no product code, for the other cases' ratios.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeLoad, runAutocannon } from '../lib/autocannon';
import {
  barePostBody,
  startBareEjsForm,
  startBareExpressHello,
  startBareHttpHello,
  startBarePostTransaction,
  type RunningServer,
} from '../lib/bare-servers';
import { measure, scaled, tempDir } from '../lib/measure';
import { benchEmail, seededRandom, vietnameseName } from '../lib/random';
import type { BenchCase, BenchResult } from '../types';

export const CONNECTIONS = [50, 200] as const;
const DURATION_S = scaled(5, 1);

async function httpCeiling(
  label: string,
  start: () => Promise<RunningServer>,
  request: { method?: 'GET' | 'POST'; path?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const connections of CONNECTIONS) {
    const server = await start();
    try {
      const load = await runAutocannon({
        url: `${server.url}${request.path ?? '/'}`,
        connections,
        duration: DURATION_S,
        ...request,
      });
      results.push({
        name: `${label}, ${connections} connections`,
        value: load.requestsPerSecond,
        unit: 'req/s',
        notes: describeLoad(load),
      });
    } finally {
      await server.close();
    }
  }
  return results;
}

/** How commits reach the disk: the WAL with syncs at checkpoints only, or the product's synced rollback journal. */
const JOURNALS = {
  wal: { pragmas: ['journal_mode = WAL', 'synchronous = NORMAL'], label: 'WAL, synchronous=NORMAL' },
  durable: {
    pragmas: ['journal_mode = TRUNCATE', 'synchronous = FULL'],
    label: 'rollback journal (TRUNCATE), synchronous=FULL: synced at every commit, as the product runs',
  },
};

function sqliteInsertRate(
  dir: string,
  rowsPerTransaction: number,
  rows: number,
  journal: keyof typeof JOURNALS = 'wal',
): Promise<BenchResult> {
  const db = new Database(path.join(dir, `insert-${rowsPerTransaction}-${journal}.sqlite`));
  for (const pragma of JOURNALS[journal].pragmas) db.pragma(pragma);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, unit_id INTEGER, email TEXT, full_name TEXT)');
  const insert = db.prepare('INSERT INTO t (unit_id, email, full_name) VALUES (?, ?, ?)');
  const random = seededRandom(rowsPerTransaction);
  const people = Array.from({ length: 1000 }, (_, i) => {
    const name = vietnameseName(random);
    return { name, email: benchEmail(name, i) };
  });
  const batch = db.transaction((from: number) => {
    for (let i = from; i < from + rowsPerTransaction; i++) {
      const person = people[i % people.length] as { name: string; email: string };
      insert.run(i % 47, person.email, person.name);
    }
  });
  let next = 0;
  return measure(
    () => {
      for (let done = 0; done < rows; done += rowsPerTransaction) batch(next++ * rowsPerTransaction);
    },
    { warmups: 0, runs: 1 },
  ).then(({ ms }) => {
    db.close();
    return {
      name: `bare better-sqlite3 insert, ${rowsPerTransaction} row(s) per transaction${journal === 'wal' ? '' : ', synced'}`,
      value: (rows / ms) * 1000,
      unit: 'rows/s',
      notes: `${rows} rows, ${JOURNALS[journal].label}`,
    };
  });
}

const bare: BenchCase = {
  name: 'bare',
  async run() {
    const tmp = tempDir();
    try {
      const results: BenchResult[] = [];
      results.push(...(await httpCeiling('bare node:http hello GET', startBareHttpHello)));
      results.push(...(await httpCeiling('bare Express hello GET', startBareExpressHello)));
      results.push(...(await httpCeiling('bare Express + EJS form page GET', startBareEjsForm)));
      // Enough one-time tokens that no request finds its token already used.
      const tokens = scaled(300_000, 30_000);
      let run = 0;
      results.push(
        ...(await httpCeiling(
          'bare Express POST (20 fields, zod, token update + insert transaction)',
          () => startBarePostTransaction(path.join(tmp.dir, `post-${run++}.sqlite`), tokens),
          {
            method: 'POST',
            path: '/submit',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: barePostBody(),
          },
        )),
      );
      results.push(await sqliteInsertRate(tmp.dir, 1, scaled(20_000, 2_000)));
      results.push(await sqliteInsertRate(tmp.dir, 1000, scaled(500_000, 50_000)));
      results.push(await sqliteInsertRate(tmp.dir, 1, scaled(5_000, 500), 'durable'));
      results.push(await sqliteInsertRate(tmp.dir, 1000, scaled(500_000, 50_000), 'durable'));
      return results;
    } finally {
      tmp.cleanup();
    }
  },
};

export default bare;
