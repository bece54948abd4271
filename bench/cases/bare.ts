// Bare-stack ceilings: what this machine does with no product code, for the other cases' ratios.
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
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
import { startSmtpSink } from '../lib/smtp-sink';
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

function sqliteInsertRate(dir: string, rowsPerTransaction: number, rows: number): Promise<BenchResult> {
  const db = new Database(path.join(dir, `insert-${rowsPerTransaction}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
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
      name: `bare better-sqlite3 insert, ${rowsPerTransaction} row(s) per transaction`,
      value: (rows / ms) * 1000,
      unit: 'rows/s',
      notes: `${rows} rows, WAL, synchronous=NORMAL`,
    };
  });
}

/** nodemailer's pool takes an already connected socket from getSocket ({ connection }). */
function connectNoDelay(
  options: { host?: string; port?: number },
  callback: (err: Error | null, socket?: { connection: Socket }) => void,
): void {
  const socket = connect({ host: options.host, port: options.port ?? 25 }, () => {
    socket.setNoDelay(true);
    callback(null, { connection: socket });
  });
  socket.once('error', (err) => callback(err));
}

async function nodemailerPoolRate(poolSize: number, messages: number, noDelay = false): Promise<BenchResult> {
  const sink = await startSmtpSink();
  const url = new URL(sink.url);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: poolSize,
    maxMessages: Infinity,
    host: url.hostname,
    port: Number(url.port),
    ignoreTLS: true,
    // nodemailer leaves Nagle on: each SMTP command then waits for the server's delayed ACK (~40 ms).
    ...(noDelay
      ? {
          getSocket: connectNoDelay,
        }
      : {}),
  });
  const random = seededRandom(poolSize);
  const prebuilt = Array.from({ length: messages }, (_, i) => ({
    from: 'Sở Nội vụ <khaosat@snv.example.vn>',
    to: benchEmail(vietnameseName(random), i),
    subject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
    text: `Kính gửi ông/bà, mời ông/bà trả lời phiếu khảo sát tại http://127.0.0.1/s/${'x'.repeat(22)}${i}`,
    html: `<p>Kính gửi ông/bà,</p><p>Mời ông/bà trả lời phiếu khảo sát: <a href="http://127.0.0.1/s/${i}">mở phiếu</a></p>`,
  }));
  try {
    const { ms } = await measure(() => Promise.all(prebuilt.map((m) => transport.sendMail(m))), {
      warmups: 0,
      runs: 1,
    });
    return {
      name: `bare nodemailer pool of ${poolSize}${noDelay ? ' with TCP_NODELAY sockets' : ''} → local SMTP sink`,
      value: (messages / ms) * 1000,
      unit: 'msg/s',
      notes: `${messages} prebuilt messages, ${sink.accepted()} accepted by the sink (same process)`,
    };
  } finally {
    transport.close();
    await sink.close();
  }
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
      const messages = scaled(10_000, 500);
      results.push(await nodemailerPoolRate(5, messages));
      results.push(await nodemailerPoolRate(20, messages));
      results.push(await nodemailerPoolRate(5, messages, true));
      return results;
    } finally {
      tmp.cleanup();
    }
  },
};

export default bare;
