import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { hashPassword, type UserRole } from '../../src/auth';
import { insertUser } from '../../src/auth/users';
import type { Db } from '../../src/db/client';
import { createMailer } from '../../src/mail/transport';
import type { Clock } from '../../src/time';
import { testConfig } from './config';

export const TEST_PASSWORD = 'mat-khau-du-dai-2019';

/** An app on the given test db, mail written to files in dir. */
export function testApp(db: Db, dir: string, opts: { clock?: Clock; publicUrl?: string } = {}): Express {
  return createApp({
    db,
    config: testConfig(opts.publicUrl ? { PUBLIC_URL: opts.publicUrl } : {}),
    mailer: createMailer({ mailDir: dir }),
    clock: opts.clock,
  });
}

/** An account with TEST_PASSWORD, chosen by its owner (no change asked at sign-in), not audited. */
export async function makeUser(db: Db, username: string, role: UserRole, unitIds: number[] = []) {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return insertUser(db, { username, displayName: username, role, passwordHash, unitIds }, 'own', Date.now());
}

/** The CSRF token a page hands to its forms (the agent keeps the matching cookie). */
export async function csrfFrom(agent: request.Agent | ReturnType<typeof request.agent>, path: string) {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
  return match[1]!;
}

/** A supertest agent signed in through the login form. */
export async function signIn(app: Express, username: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const token = await csrfFrom(agent, '/dang-nhap');
  const res = await agent.post('/dang-nhap').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`login as ${username} failed with ${res.status}`);
  return agent;
}

/**
 * An account whose password was issued (first start, created by an admin or the CLI, reset) is sent to the
 * change-password page first: this chooses `newPassword` there and returns the agent, now free to go anywhere.
 */
export async function chooseOwnPassword(
  agent: Awaited<ReturnType<typeof signIn>>,
  current: string,
  newPassword = `${TEST_PASSWORD}-rieng`,
) {
  const token = await csrfFrom(agent, '/doi-mat-khau');
  const res = await agent
    .post('/doi-mat-khau')
    .type('form')
    .send({ _csrf: token, current, password: newPassword, confirm: newPassword });
  if (res.status !== 303) throw new Error(`password change failed with ${res.status}`);
  return agent;
}

/** A spreadsheet download (read as bytes, which supertest does not do for it) and the workbook it holds. */
export async function downloadWorkbook(
  agent: request.Agent | ReturnType<typeof request.agent>,
  path: string,
) {
  const res = await agent
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
  return { res, workbook };
}

/** A form POST to an officer route (admins use them too), with the CSRF token the officer pages hand out. */
export async function postOfficerForm(
  agent: request.Agent | ReturnType<typeof request.agent>,
  path: string,
  body: Record<string, string>,
) {
  const csrf = await csrfFrom(agent, '/officer');
  return agent
    .post(path)
    .type('form')
    .send({ ...body, _csrf: csrf });
}
