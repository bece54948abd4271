// The bare completion server (the completion case's baseline), run in its own process like the product:
// Express 5 + EJS + better-sqlite3 doing what a respondent's completion essentially needs, and nothing more.
// argv: <db file> <links file: "token<TAB>address" lines>; env PORT, SMTP_URL. SIGTERM: stops and exits.
//
// - GET /s/:token: the 18-question page with a CSRF value (an HMAC of a random cookie, in a hidden field).
// - POST /s/:token: zod validates the fields and the CSRF pair; ONE transaction marks the link used, stores the
//   response and its answers and inserts an outbox row; 303 to the thank-you page once committed. Then the
//   thank-you mail goes through a nodemailer pool (5 connections, TCP_NODELAY, as the product's) and the outbox
//   row is marked sent.
// - GET /s/:token/cam-on: the thank-you page of a used link.
// Durability as the product's database (src/db/client.ts): rollback journal (TRUNCATE), synchronous=FULL,
// secure_delete=ON; writes of one event-loop turn share one commit, as the product's group commit does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import cookieParser from 'cookie-parser';
import express from 'express';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { projectRoot } from '../../src/paths';
import { bareFormData } from './bare-servers';
import { connectNoDelay } from './smtp-sink';

export const BARE_QUESTIONS = 18;
/** The title of the bare thank-you page: the product's own, so the client checks both alike. */
export const THANK_YOU_TITLE = 'Đã nhận phiếu khảo sát';

function openDatabase(file: string, linksFile: string): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = TRUNCATE');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('secure_delete = ON');
  sqlite.exec(`
    CREATE TABLE links (token TEXT PRIMARY KEY, email TEXT NOT NULL, used_at INTEGER) WITHOUT ROWID;
    CREATE TABLE responses (id TEXT PRIMARY KEY, day TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE answers (response_id TEXT NOT NULL, question TEXT NOT NULL, option INTEGER NOT NULL,
      PRIMARY KEY (response_id, question)) WITHOUT ROWID;
    CREATE TABLE outbox (id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL,
      text TEXT NOT NULL, html TEXT NOT NULL, sent_at INTEGER);`);
  const insert = sqlite.prepare('INSERT INTO links (token, email) VALUES (?, ?)');
  const lines = fs.readFileSync(linksFile, 'utf8').split('\n').filter(Boolean);
  sqlite.transaction(() => {
    for (const line of lines) insert.run(...(line.split('\t') as [string, string]));
  })();
  return sqlite;
}

/** Writes queued in one event-loop turn run in one IMMEDIATE transaction and settle once it has committed. */
function groupCommit(sqlite: Database.Database) {
  let queued: Array<{ work: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> =
    [];
  const runAll = sqlite.transaction((works: Array<() => unknown>) => works.map((w) => w()));
  const flush = () => {
    const writes = queued;
    queued = [];
    try {
      const values = runAll.immediate(writes.map((w) => w.work));
      writes.forEach((w, i) => w.resolve(values[i]));
    } catch (error) {
      for (const w of writes) w.reject(error);
    }
  };
  return <T>(work: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (queued.length === 0) setImmediate(flush);
      queued.push({ work, resolve: resolve as (v: unknown) => void, reject });
    });
}

function thankYouMail(to: string, token: string) {
  const link = `http://127.0.0.1/s/${token}`;
  return {
    from: 'Sở Nội vụ <khaosat@localhost>',
    to,
    subject: 'Cảm ơn ông/bà đã trả lời phiếu khảo sát Chỉ số CCHC 2019',
    text:
      `Kính gửi ông/bà,\n\nSở Nội vụ đã nhận phiếu khảo sát của ông/bà cho Sở Tài nguyên và Môi trường. ` +
      `Xin chân thành cảm ơn.\n\nPhiếu: ${link}\n\nSở Nội vụ tỉnh Sóc Trăng\n`,
    html:
      `<p>Kính gửi ông/bà,</p><p>Sở Nội vụ đã nhận phiếu khảo sát của ông/bà cho <strong>Sở Tài nguyên và ` +
      `Môi trường</strong>. Xin chân thành cảm ơn.</p><p>Phiếu: <a href="${link}">${link}</a></p>` +
      `<p>Sở Nội vụ tỉnh Sóc Trăng</p>`,
  };
}

function main(dbFile: string, linksFile: string): void {
  const sqlite = openDatabase(dbFile, linksFile);
  const commit = groupCommit(sqlite);
  const smtp = new URL(process.env.SMTP_URL as string);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    host: smtp.hostname,
    port: Number(smtp.port),
    ignoreTLS: true,
    getSocket: connectNoDelay,
  });
  const secret = crypto.randomBytes(32);
  const sign = (value: string) => crypto.createHmac('sha256', secret).update(value).digest('base64url');

  const findLink = sqlite.prepare<[string], { email: string; used_at: number | null }>(
    'SELECT email, used_at FROM links WHERE token = ?',
  );
  const useLink = sqlite.prepare('UPDATE links SET used_at = ? WHERE token = ? AND used_at IS NULL');
  const insertResponse = sqlite.prepare('INSERT INTO responses (id, day) VALUES (?, ?)');
  const insertAnswer = sqlite.prepare('INSERT INTO answers (response_id, question, option) VALUES (?, ?, ?)');
  const insertOutbox = sqlite.prepare(
    'INSERT INTO outbox (recipient, subject, text, html) VALUES (@to, @subject, @text, @html)',
  );
  const markSent = sqlite.prepare('UPDATE outbox SET sent_at = ? WHERE id = ?');

  const form = bareFormData(BARE_QUESTIONS);
  const questionIds = form.sections.flatMap((s) => s.questions.map((q) => q.id));
  const schema = z.object({
    _csrf: z.string().min(1),
    ...Object.fromEntries(questionIds.map((id) => [id, z.coerce.number().int().min(0).max(3)])),
  });

  const app = express();
  app.set('views', path.join(projectRoot, 'bench/lib/views'));
  app.set('view engine', 'ejs');
  app.enable('view cache');
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/s/:token', (req, res) => {
    const link = findLink.get(req.params.token);
    if (!link) return void res.status(404).send('unknown link');
    if (link.used_at !== null) return void res.redirect(303, `/s/${req.params.token}/cam-on`);
    let seed = req.cookies?._csrf as string | undefined;
    if (!seed) {
      seed = crypto.randomBytes(18).toString('base64url');
      res.cookie('_csrf', seed, { httpOnly: true, sameSite: 'strict', path: '/' });
    }
    res.render('bare-form', { ...form, action: `/s/${req.params.token}`, csrf: sign(seed) });
  });
  app.post('/s/:token', async (req, res) => {
    const token = req.params.token;
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) return void res.status(422).send('invalid');
    const seed = req.cookies?._csrf as string | undefined;
    const expected = seed ? Buffer.from(sign(seed)) : undefined;
    const given = Buffer.from(parsed.data._csrf);
    if (!expected || expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
      return void res.status(403).send('bad csrf');
    const now = Date.now();
    const queued = await commit(() => {
      if (useLink.run(now, token).changes !== 1) return undefined;
      const id = crypto.randomUUID();
      insertResponse.run(id, new Date(now).toISOString().slice(0, 10));
      for (const q of questionIds)
        insertAnswer.run(id, q, (parsed.data as unknown as Record<string, number>)[q]);
      const mail = thankYouMail(findLink.get(token)!.email, token);
      return { outboxId: Number(insertOutbox.run(mail).lastInsertRowid), mail };
    });
    if (!queued) return void res.status(409).send('already answered');
    res.redirect(303, `/s/${token}/cam-on`);
    transport.sendMail(queued.mail).then(
      () => commit(() => markSent.run(Date.now(), queued.outboxId)),
      (err: unknown) => console.error('bare thank-you mail failed', err),
    );
  });
  app.get('/s/:token/cam-on', (req, res) => {
    const link = findLink.get(req.params.token);
    if (!link) return void res.status(404).send('unknown link');
    if (link.used_at === null) return void res.redirect(303, `/s/${req.params.token}`);
    res.render('bare-thank-you', { title: THANK_YOU_TITLE, owner: form.owner, unitName: form.unitName });
  });

  const server = app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    transport.close();
    sqlite.close();
    process.exit(0);
  });
}

if (require.main === module) main(process.argv[2] as string, process.argv[3] as string);
