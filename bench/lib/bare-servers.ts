import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { z } from 'zod';
import { projectRoot } from '../../src/paths';

export type RunningServer = { url: string; close: () => Promise<void> };

/** Listens on 127.0.0.1 on a free port. */
export async function listenLocal(handler: http.RequestListener): Promise<RunningServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** node:http answering "hello": the ceiling of any Node HTTP server on this machine. */
export function startBareHttpHello(): Promise<RunningServer> {
  return listenLocal((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  });
}

/** Express 5 with one route and nothing else. */
export function startBareExpressHello(): Promise<RunningServer> {
  const app = express();
  app.get('/', (_req, res) => {
    res.send('hello');
  });
  return listenLocal(app);
}

/** The shape of a survey form page: single-choice questions × 4 options in 3 sections, as rendered by the product. */
export function bareFormData(questionCount = 15, action = '/submit', csrf = 'x'.repeat(64)) {
  const options = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Rất không hài lòng'];
  const third = Math.ceil(questionCount / 3);
  const questions = Array.from({ length: questionCount }, (_, i) => ({
    id: `q${i + 1}`,
    text: `Ông/bà đánh giá thế nào về mức độ công khai, minh bạch của thủ tục hành chính số ${i + 1} tại đơn vị?`,
    options,
  }));
  return {
    title: 'Phiếu khảo sát dành cho lãnh đạo, công chức, viên chức',
    owner: 'Sở Nội vụ tỉnh Sóc Trăng',
    unitName: 'Sở Tài nguyên và Môi trường',
    deadline: '17:00 ngày 04/12/2019',
    action,
    csrf,
    sections: [
      { title: 'I. Tiếp cận thông tin', questions: questions.slice(0, third) },
      { title: 'II. Thủ tục hành chính', questions: questions.slice(third, 2 * third) },
      { title: 'III. Kết quả giải quyết', questions: questions.slice(2 * third) },
    ],
  };
}

/** Express + EJS rendering the form-sized page with the view cache on (as in production). */
export function startBareEjsForm(): Promise<RunningServer> {
  const app = express();
  app.set('views', path.join(projectRoot, 'bench/lib/views'));
  app.set('view engine', 'ejs');
  app.enable('view cache');
  const data = bareFormData();
  app.get('/', (_req, res) => {
    res.render('bare-form', data);
  });
  return listenLocal(app);
}

export const BARE_POST_FIELDS = 20;

/** The urlencoded body the bare POST server expects; `{{i}}` picks the one-time token. */
export function barePostBody(): string {
  const answers = Array.from({ length: BARE_POST_FIELDS - 1 }, (_, i) => `q${i + 1}=${i % 4}`);
  return ['token=t{{i}}', ...answers].join('&');
}

/**
 * Express POST that parses 20 urlencoded fields, validates them with zod, and in one transaction on raw
 * better-sqlite3 (WAL, synchronous=NORMAL) marks the one-time token used and inserts a response row plus one
 * row per answer — the minimum work a survey submission does. Tokens t0…t(tokens-1) exist.
 */
export function startBarePostTransaction(dbFile: string, tokens: number): Promise<RunningServer> {
  const sqlite = new Database(dbFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(`
    CREATE TABLE tokens (token TEXT PRIMARY KEY, used_at INTEGER) WITHOUT ROWID;
    CREATE TABLE responses (id TEXT PRIMARY KEY, unit_id INTEGER NOT NULL, day TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE answers (response_id TEXT NOT NULL, question TEXT NOT NULL, option INTEGER NOT NULL,
      PRIMARY KEY (response_id, question)) WITHOUT ROWID;`);
  const seed = sqlite.prepare('INSERT INTO tokens (token) VALUES (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < tokens; i++) seed.run(`t${i}`);
  })();

  const useToken = sqlite.prepare('UPDATE tokens SET used_at = ? WHERE token = ? AND used_at IS NULL');
  const insertResponse = sqlite.prepare('INSERT INTO responses (id, unit_id, day) VALUES (?, 1, ?)');
  const insertAnswer = sqlite.prepare('INSERT INTO answers (response_id, question, option) VALUES (?, ?, ?)');
  const answerKeys = Array.from({ length: BARE_POST_FIELDS - 1 }, (_, i) => `q${i + 1}`);
  const schema = z.object({
    token: z.string().regex(/^t\d+$/),
    ...Object.fromEntries(answerKeys.map((k) => [k, z.coerce.number().int().min(0).max(3)])),
  });
  const submit = sqlite.transaction((token: string, answers: Record<string, number>) => {
    if (useToken.run(Date.now(), token).changes === 0) return false;
    const id = crypto.randomUUID();
    insertResponse.run(id, new Date().toISOString().slice(0, 10));
    for (const key of answerKeys) insertAnswer.run(id, key, answers[key]);
    return true;
  });

  const app = express();
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.post('/submit', (req, res) => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).send('invalid');
      return;
    }
    const { token, ...answers } = parsed.data as { token: string } & Record<string, number>;
    if (!submit.immediate(token, answers)) {
      res.status(409).send('used');
      return;
    }
    res.send('Cảm ơn ông/bà đã tham gia khảo sát.');
  });
  return listenLocal(app).then((server) => ({
    url: server.url,
    close: async () => {
      await server.close();
      sqlite.close();
    },
  }));
}
