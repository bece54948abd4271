import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import {
  createSession,
  createUser,
  disableUser,
  ensureFirstAdmin,
  getSessionUser,
  hashPassword,
  SESSION_IDLE_MS,
} from '../../src/auth';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { t as msg } from '../../src/i18n/messages';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { chooseOwnPassword, csrfFrom, makeUser, signIn, TEST_PASSWORD, testApp } from '../helpers/web';

describe('login, sessions and passwords', () => {
  const t = createTestDb();
  const logLines: string[] = [];
  const logger = pino(
    { level: 'trace' },
    new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }),
  );
  const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir: t.dir }), logger });
  afterAll(() => t.cleanup());

  async function login(username: string, password: string, agent = request.agent(app)) {
    const csrf = await csrfFrom(agent, '/dang-nhap');
    const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrf, username, password });
    return { agent, res };
  }

  it('signs in with a session cookie that is HttpOnly and SameSite=Lax, and lands on the role’s home page', async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    const { res } = await login('SNV.Admin', TEST_PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cchc.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('under an https PUBLIC_URL names both cookies __Host- (Secure, Path=/, no Domain) and ignores an unprefixed one', async () => {
    const secureApp = testApp(t.db, t.dir, { publicUrl: 'https://khaosat.snv.example.vn' });
    const agent = request.agent(secureApp);
    const page = await agent.get('/dang-nhap');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('__Host-cchc.csrf='),
    )!;
    expect(csrfCookie).toMatch(/; Secure/);
    const res = await request(secureApp)
      .post('/dang-nhap')
      .set('Cookie', csrfCookie.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrf, username: 'snv.admin', password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('__Host-cchc.sid='),
    )!;
    // What the browser demands of a __Host- cookie before it accepts it.
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toMatch(/HttpOnly/);
    const session = cookie.split(';')[0]!.split('=')[1]!;
    expect((await request(secureApp).get('/admin').set('Cookie', `__Host-cchc.sid=${session}`)).status).toBe(
      200,
    );
    // A cookie without the prefix may have been set by a neighbouring subdomain: it signs nobody in.
    const planted = await request(secureApp).get('/admin').set('Cookie', `cchc.sid=${session}`);
    expect(planted.status).toBe(303);
    expect(planted.headers.location).toMatch(/^\/dang-nhap/);
  });

  it('returns to the page asked for, but never to another site', async () => {
    const agent = request.agent(app);
    const csrf = await csrfFrom(agent, '/dang-nhap?next=/admin/audit');
    const ok = await agent
      .post('/dang-nhap')
      .type('form')
      .send({ _csrf: csrf, username: 'snv.admin', password: TEST_PASSWORD, next: '/admin/audit' });
    expect(ok.headers.location).toBe('/admin/audit');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { res } = await login('snv.admin', TEST_PASSWORD, request.agent(app));
      expect(res.headers.location).toBe('/admin');
      const again = request.agent(app);
      const token = await csrfFrom(again, '/dang-nhap');
      const r = await again
        .post('/dang-nhap')
        .type('form')
        .send({ _csrf: token, username: 'snv.admin', password: TEST_PASSWORD, next });
      expect([next, r.headers.location]).toEqual([next, '/admin']);
    }
  });

  it('serves /login as an alias of /dang-nhap, keeping a safe next', async () => {
    const res = await request(app).get('/login?next=/admin/users');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/dang-nhap?next=%2Fadmin%2Fusers');
    expect((await request(app).get('/login?next=//evil.example')).headers.location).toBe('/dang-nhap');
  });

  it('answers a wrong password and an unknown user with the same generic message', async () => {
    const wrong = await login('snv.admin', 'not-the-password');
    const unknown = await login('nobody.here', 'not-the-password');
    for (const { res } of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(res.headers['set-cookie'] ?? []).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^cchc\.sid=/)]),
      );
    }
    expect(unknown.res.text).not.toContain('không tồn tại');
  });

  it('stores only a salted scrypt hash and never writes a password to the log', async () => {
    const user = await makeUser(t.db, 'officer.log', 'officer');
    await login('officer.log', TEST_PASSWORD);
    await login('officer.log', 'sai-mat-khau-123');
    const row = t.db.$client.prepare('select password_hash from users where id = ?').get(user.id) as {
      password_hash: string;
    };
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    const other = await makeUser(t.db, 'officer.log2', 'officer');
    const row2 = t.db.$client.prepare('select password_hash from users where id = ?').get(other.id) as {
      password_hash: string;
    };
    expect(row2.password_hash).not.toBe(row.password_hash);
    const dump = JSON.stringify(t.db.$client.prepare('select * from users').all());
    expect(dump).not.toContain(TEST_PASSWORD);
    expect(logLines.join('')).not.toContain(TEST_PASSWORD);
    expect(logLines.join('')).not.toContain('sai-mat-khau-123');
  });

  it('stores only the SHA-256 of the session cookie', async () => {
    const { res } = await login('snv.admin', TEST_PASSWORD);
    const token = /cchc\.sid=([^;]+)/.exec((res.headers['set-cookie'] as unknown as string[]).join(';'))![1]!;
    const ids = (t.db.$client.prepare('select id from sessions').all() as { id: string }[]).map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });

  it('locks a disabled user out and ends the sessions they already had', async () => {
    const user = await makeUser(t.db, 'officer.gone', 'officer');
    const agent = await signIn(app, 'officer.gone');
    expect((await agent.get('/officer')).status).toBe(200);
    orThrow(disableUser(t.db, { userId: user.id }, SYSTEM_ACTOR, Date.now()));
    const after = await agent.get('/officer');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/dang-nhap/);
    const { res } = await login('officer.gone', TEST_PASSWORD);
    expect(res.status).toBe(401);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('ends the session on logout', async () => {
    const agent = await signIn(app, 'snv.admin');
    const csrf = await csrfFrom(agent, '/admin');
    const out = await agent.post('/dang-xuat').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect((await agent.get('/admin')).status).toBe(303);
  });

  it('expires a session after 12 idle hours and slides while in use', () => {
    const now = Date.now();
    const { token } = createSession(t.db, 1, now);
    expect(getSessionUser(t.db, token, now + SESSION_IDLE_MS - 1000)?.username).toBe('snv.admin');
    // That use slid the expiry forward: still valid 11 hours later.
    expect(getSessionUser(t.db, token, now + SESSION_IDLE_MS + 11 * 3600_000)).not.toBeNull();
    expect(getSessionUser(t.db, token, now + 3 * SESSION_IDLE_MS)).toBeNull();
  });

  it('changes the password after checking the current one, and ends other sessions', async () => {
    await makeUser(t.db, 'officer.pw', 'officer');
    const other = await signIn(app, 'officer.pw');
    const agent = await signIn(app, 'officer.pw');
    const send = async (body: Record<string, string>) => {
      const csrf = await csrfFrom(agent, '/doi-mat-khau');
      return agent
        .post('/doi-mat-khau')
        .type('form')
        .send({ ...body, _csrf: csrf });
    };
    const wrongCurrent = await send({
      current: 'khong-dung-roi',
      password: 'mat-khau-moi-2020',
      confirm: 'mat-khau-moi-2020',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.text).toContain('Mật khẩu hiện tại không đúng.');
    const weak = await send({ current: TEST_PASSWORD, password: 'ngan', confirm: 'ngan' });
    expect(weak.text).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
    const mismatch = await send({
      current: TEST_PASSWORD,
      password: 'mat-khau-moi-2020',
      confirm: 'mat-khau-moi-2021',
    });
    expect(mismatch.text).toContain('không khớp');
    const ok = await send({
      current: TEST_PASSWORD,
      password: 'mat-khau-moi-2020',
      confirm: 'mat-khau-moi-2020',
    });
    expect(ok.status).toBe(303);
    expect((await agent.get('/doi-mat-khau?ok=1')).text).toContain('Đã đổi mật khẩu');
    expect((await other.get('/officer')).status).toBe(303);
    expect((await login('officer.pw', TEST_PASSWORD)).res.status).toBe(401);
    expect((await login('officer.pw', 'mat-khau-moi-2020')).res.status).toBe(303);
  });

  it('keeps an account with an issued password on the change-password page until it chooses its own', async () => {
    const issued = 'mat-khau-duoc-cap-2019';
    await makeUserWithPassword('officer.moi', issued);
    const { agent, res } = await login('officer.moi', issued);
    expect(res.status).toBe(303);
    // Every page and action of the officer leads to the change-password page, which says why.
    for (const path of ['/officer', '/officer/units/1', '/officer?campaign=1']) {
      const page = await agent.get(path);
      expect({ path, location: page.headers.location }).toEqual({ path, location: '/doi-mat-khau' });
    }
    const csrf = await csrfFrom(agent, '/doi-mat-khau');
    const posted = await agent.post('/officer/units/1/nhac-nho').type('form').send({ _csrf: csrf });
    expect(posted.headers.location).toBe('/doi-mat-khau');
    const page = await agent.get('/doi-mat-khau');
    expect(page.status).toBe(200);
    expect(page.text).toContain(msg('auth.mustChange'));
    const same = await agent
      .post('/doi-mat-khau')
      .type('form')
      .send({ _csrf: csrf, current: issued, password: issued, confirm: issued });
    expect(same.status).toBe(400);
    expect(same.text).toContain(msg('auth.samePassword'));

    await chooseOwnPassword(agent, issued, 'mat-khau-cua-rieng-toi');
    const done = await agent.get('/doi-mat-khau?ok=1');
    expect(done.text).not.toContain(msg('auth.mustChange'));
    expect(done.text).toContain('href="/officer"');
    expect((await agent.get('/officer')).status).toBe(200);
  });

  it('refuses to create an account with a password shorter than 10 characters', async () => {
    await expect(makeUserWithPassword('officer.weak', '123456789')).rejects.toThrow('ít nhất 10 ký tự');
    expect(t.db.$client.prepare("select 1 from users where username = 'officer.weak'").get()).toBeUndefined();
  });

  it('creates the first admin once, with a random password that works', async () => {
    const fresh = createTestDb();
    try {
      const password = await ensureFirstAdmin(fresh.db, Date.now());
      expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(await ensureFirstAdmin(fresh.db, Date.now())).toBeNull();
      const freshApp = testApp(fresh.db, fresh.dir);
      const agent = await signIn(freshApp, 'admin', password!);
      expect((await agent.get('/admin')).headers.location).toBe('/doi-mat-khau');
      await chooseOwnPassword(agent, password!);
      expect((await agent.get('/admin')).status).toBe(200);
    } finally {
      fresh.cleanup();
    }
  });

  /** An account created as an admin creates one: its password is issued. */
  async function makeUserWithPassword(username: string, password: string) {
    const passwordHash = await hashPassword(password);
    return orThrow(
      createUser(t.db, { username, password, passwordHash, role: 'officer' }, SYSTEM_ACTOR, Date.now()),
    );
  }
});
