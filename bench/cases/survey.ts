import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import express from 'express';
import { z } from 'zod';
import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { newRandomId } from '../../src/tokens';
import { runAutocannon, startAppServer, type AppServerProcess } from '../lib/autocannon';
import { scaled } from '../lib/measure';
import { seedSurvey } from '../lib/survey-seed';
import type { BenchCase, BenchResult } from '../types';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { issueNonce } from '../../src/open-links/checks';
import { issueOpenLinks } from '../../src/open-links/issue-open-links';
import { listOpenLinks } from '../../src/open-links/open-links';

// Respondents' form GETs and submit POSTs against bare Express + EJS and bare Express + better-sqlite3 doing the
// same work; the product server in its own process, the bare ones in this one, autocannon in its own, 50 connections from 127.0.0.1, rate limits off, production view cache on.
const CONNECTIONS = 50;
const DURATION_S = scaled(10, 3);
const WARMUP_S = scaled(2, 1);
const TOKENS = 60_000;
/** Form nonces handed out for the open-link load: each is used once, as a phone's form would be. */
const NONCES = 40_000;
const OPEN_SUBMIT_RATIO_TARGET = 0.8;
const P99_TARGET_MS = 25;
const SERVER_RSS_TARGET_MB = 250;

/**
 * The unit's open citizens' link and forms handed out two minutes ago (past the minimum filling time), every
 * check at its default: one address sending the same sheet again and again is what a flood looks like, so most
 * of these are held, as they would be.
 */
function seedOpenLink(db: Db): { code: string; nonces: string[] } {
  const campaignId = db.$client.prepare('SELECT id FROM campaigns').pluck().get() as number;
  orThrow(issueOpenLinks(db, { campaignId }, SYSTEM_ACTOR, 0));
  const link = listOpenLinks(db, campaignId).find((l) => l.unitId !== null && l.formType === 'nguoi_dan')!;
  const issuedAt = Date.now() - 120_000;
  const nonces = Array.from({ length: NONCES }, () => issueNonce(db, campaignId, link.code, issuedAt));
  return { code: link.code, nonces };
}

function validBody(def: FormDefinition): string {
  const params = new URLSearchParams();
  for (const q of allQuestions(def)) {
    if (q.kind === 'text') params.append(`q_${q.id}`, 'Đề nghị tiếp tục đẩy mạnh chuyển đổi số.');
    else params.append(`q_${q.id}`, String(q.options.length - 1));
  }
  return params.toString();
}

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

async function load(
  url: string,
  paths: string[],
  method: 'GET' | 'POST',
  headers: Record<string, string> = {},
  body?: string,
) {
  // A short unmeasured warm-up first (in the load generator), so JIT warm-up and first compiles do not land
  // in anyone's p99. Each path is sent once, in order, across all connections (one-time tokens).
  const result = await runAutocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmupSeconds: WARMUP_S,
    method,
    headers,
    body,
    requests: paths.map((p) => ({ path: p })),
  });
  return {
    rps: result.requestsPerSecond,
    p99: result.latencyP99Ms,
    total: result.total,
    errors: result.errors + result.timeouts + result.status4xx5xx,
  };
}

/** Bare Express + EJS rendering a page as large as the survey form, view cache on. */
function bareGetApp(dir: string, bytes: number): express.Express {
  fs.writeFileSync(
    path.join(dir, 'page.ejs'),
    '<!doctype html><html lang="vi"><head><title><%= title %></title></head><body><form method="post">' +
      '<% for (var i = 0; i < n; i++) { %><label class="choice" for="q-<%= i %>"><input type="radio" id="q-<%= i %>" ' +
      'name="q_<%= i %>" value="<%= i %>"> <span><%= label %></span></label>\n<% } %></form></body></html>',
  );
  const sample = ejs.render(fs.readFileSync(path.join(dir, 'page.ejs'), 'utf8'), {
    title: 'x',
    n: 1,
    label: 'Rất hài lòng với kết quả',
  });
  const app = express();
  app.set('views', dir);
  app.set('view engine', 'ejs');
  app.enable('view cache');
  app.get('/s/:token', (req, res) => {
    res.render('page', {
      title: String(req.params.token),
      n: Math.round(bytes / Buffer.byteLength(sample)),
      label: 'Rất hài lòng với kết quả',
    });
  });
  return app;
}

/**
 * Bare Express POST: 20 validated fields, then the same token update and an anonymous insert on raw SQLite, on a
 * database opened like the product's (rollback journal, synchronous=FULL).
 */
function barePostApp(db: Db): express.Express {
  const schema = z.object(
    Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`f${i}`, z.coerce.number().int().min(0).max(4)]),
    ),
  );
  const sqlite = db.$client;
  // A plain response row and one row per answer, in tables of its own: the least a stack can store.
  sqlite.exec(`create table bare_responses (id text primary key, day text not null) without rowid;
    create table bare_answers (response_id text, question_id text, option_index integer,
      primary key (response_id, question_id)) without rowid;`);
  const mark = sqlite.prepare(
    "UPDATE invitations SET answered_day = '2019-12-01' WHERE token = ? AND answered_day = '0000-00-00'",
  );
  const insertResponse = sqlite.prepare("INSERT INTO bare_responses (id, day) VALUES (?, '2019-12-01')");
  const insertAnswer = sqlite.prepare(
    'INSERT INTO bare_answers (response_id, question_id, option_index) VALUES (?, ?, ?)',
  );
  const submit = sqlite.transaction((token: string, answers: Record<string, number>) => {
    if (mark.run(token).changes !== 1) return false;
    const id = newRandomId();
    insertResponse.run(id);
    for (const [q, v] of Object.entries(answers)) insertAnswer.run(id, q, v);
    return true;
  });
  const app = express();
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.post('/s/:token', (req, res) => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) return void res.status(422).send('invalid');
    if (!submit.immediate(String(req.params.token), parsed.data))
      return void res.status(409).send('answered');
    res.redirect(303, `/s/${String(req.params.token)}/cam-on`);
  });
  return app;
}

function compare(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
  share: number,
): BenchResult {
  return {
    name,
    value: Math.round(value),
    unit,
    baseline: { name: baseline.name, value: Math.round(baseline.value) },
    target: `≥ ${share * 100}% of baseline`,
    pass: value >= baseline.value * share,
  };
}

function latency(name: string, p99: number, notes?: string): BenchResult {
  return { name, value: p99, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, pass: p99 < P99_TARGET_MS, notes };
}

const survey: BenchCase = {
  name: 'survey',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-survey-'));
    const servers: Server[] = [];
    let appServer: AppServerProcess | undefined;
    try {
      const appFile = path.join(dir, 'app.sqlite');
      const ours = seedSurvey(appFile, TOKENS);
      const open = seedOpenLink(ours.db);
      ours.db.$client.close();
      const bare = seedSurvey(path.join(dir, 'bare.sqlite'), TOKENS);
      // The product server runs in its own process: its peak RSS is the product's, not the seeding's.
      appServer = await startAppServer(appFile, dir);
      const a = { url: appServer.url };

      // One CSRF pair serves every request: respondents have no session, so the pair is not bound to one.
      const first = await fetch(`${a.url}/s/${ours.tokens[0]}`);
      const page = await first.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const cookie = first.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const pageBytes = Buffer.byteLength(page);

      const b1 = await listen(bareGetApp(dir, pageBytes));
      const b2 = await listen(barePostApp(bare.db));
      servers.push(b1.server, b2.server);

      const formGet = await load(
        a.url,
        ours.tokens.map((t) => `/s/${t}`),
        'GET',
      );
      const bareGet = await load(
        b1.url,
        bare.tokens.map((t) => `/s/${t}`),
        'GET',
      );

      const body = `_csrf=${encodeURIComponent(csrf)}&${validBody(DEFAULT_FORMS.cbcc)}`;
      const postHeaders = { 'content-type': 'application/x-www-form-urlencoded', cookie };
      const submit = await load(
        a.url,
        ours.tokens.slice(1).map((t) => `/s/${t}`),
        'POST',
        postHeaders,
        body,
      );
      const openBody = `_csrf=${encodeURIComponent(csrf)}&website=&${validBody(DEFAULT_FORMS.nguoi_dan)}`;
      const openSubmit = await runAutocannon({
        url: a.url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        warmupSeconds: WARMUP_S,
        method: 'POST',
        headers: postHeaders,
        requests: open.nonces.map((n) => ({
          path: `/k/${open.code}`,
          body: `${openBody}&nonce=${encodeURIComponent(n)}`,
        })),
      });
      const bareBody = Array.from({ length: 20 }, (_, i) => `f${i}=${i % 5}`).join('&');
      const barePost = await load(
        b2.url,
        bare.tokens.slice(1).map((t) => `/s/${t}`),
        'POST',
        { 'content-type': 'application/x-www-form-urlencoded' },
        bareBody,
      );
      const serverRssMb = await appServer.peakRssMb();
      await appServer.stop();
      appServer = undefined;
      const check = openDb(appFile).$client;
      const count = (sql: string) => (check.prepare(sql).get() as { n: number }).n;
      const stored = count(
        "SELECT count(*) AS n FROM response_slots WHERE filled = 1 AND form_type = 'cbcc'",
      );
      const openStored = count(
        "SELECT count(*) AS n FROM response_slots WHERE filled = 1 AND form_type = 'nguoi_dan'",
      );
      const openHeld = count(
        "SELECT count(*) AS n FROM response_slots WHERE filled = 1 AND form_type = 'nguoi_dan' AND substr(content, 1, 1) <> x'01'",
      );
      const answered = count('SELECT count(*) AS n FROM invitations WHERE answered_on IS NOT NULL');
      check.close();

      return [
        compare(
          'survey form GET',
          formGet.rps,
          'req/s',
          { name: 'bare Express + EJS, same page size', value: bareGet.rps },
          0.6,
        ),
        latency(
          'survey form GET p99',
          formGet.p99,
          `${pageBytes} bytes per page, ${formGet.errors} errors; baseline p99 ${bareGet.p99} ms`,
        ),
        compare(
          'survey submit POST',
          submit.rps,
          'req/s',
          { name: 'bare Express, 20 fields, same transaction', value: barePost.rps },
          0.5,
        ),
        latency(
          'survey submit POST p99',
          submit.p99,
          `${stored} responses stored for ${answered} invitations answered` +
            `${stored === answered ? '' : ' (MISMATCH: a submit stored twice or lost)'}; ` +
            `${submit.total} submits measured (warm-up not counted), ${submit.errors} errors; baseline p99 ${barePost.p99} ms`,
        ),
        {
          name: 'open-link submit POST, every check on',
          value: Math.round(openSubmit.requestsPerSecond),
          unit: 'req/s',
          baseline: { name: 'survey submit POST (personal link), same run', value: Math.round(submit.rps) },
          target: `≥ ${OPEN_SUBMIT_RATIO_TARGET * 100}% of baseline`,
          pass: openSubmit.requestsPerSecond >= submit.rps * OPEN_SUBMIT_RATIO_TARGET,
          notes:
            `p99 ${openSubmit.latencyP99Ms} ms; nonce, receipt cookie, honeypot, filling time, per-address and ` +
            `same-answers counters; ${openStored} stored (${openHeld} held: one address, one sheet), ` +
            `${openSubmit.total} measured, ${openSubmit.errors + openSubmit.timeouts + openSubmit.status4xx5xx} errors`,
        },
        {
          name: 'survey server peak RSS',
          value: serverRssMb,
          unit: 'MB',
          target: `< ${SERVER_RSS_TARGET_MB} MB`,
          pass: serverRssMb < SERVER_RSS_TARGET_MB,
          notes:
            'the product app server in its own process (bench/lib/app-server.ts, compiled, plain Node), after all loads',
        },
      ];
    } finally {
      await appServer?.stop();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default survey;
