import request from 'supertest';
import { t as msg } from '../../src/i18n/messages';
import { createTestDb } from '../helpers/db';
import { seedSurvey } from '../helpers/survey-data';
import { invitationOf, officerPosts, seedStaffRoutes, snapshot } from '../helpers/staff-routes';
import { csrfFrom, signIn, TEST_PASSWORD, testApp } from '../helpers/web';

type Body = Record<string, unknown>;

/**
 * What a scanner sends in place of one field that no form can produce: the field twice, far too long, or as a
 * list of objects (JSON). A JSON object in its place counts as the field left out (see formShapedBody).
 */
function attacks(body: Record<string, string | string[]>, field: string): [string, Body, 'form' | 'json'][] {
  const others = { ...body };
  delete others[field];
  const value = body[field];
  // Longer than any of these fields accepts (a mail template takes 20,000 characters), within the 64 KB body limit.
  const list: [string, Body, 'form' | 'json'][] = [
    ['far too long', { ...others, [field]: 'x'.repeat(61_000) }, 'form'],
  ];
  // A checkbox list is sent many times by design, and may be empty: repeating it is no attack.
  if (!Array.isArray(value)) {
    list.push(['sent twice', { ...others, [field]: [value, 'khac'] }, 'form']);
    list.push(['a list of objects', { ...others, [field]: [{ toString: 1 }, { a: { b: 'c' } }] }, 'json']);
  }
  return list;
}

describe('repeated, over-long and nested fields on staff forms', () => {
  const t = createTestDb();
  const { campaign, units } = seedSurvey(t.db, Date.now());
  const unit = units[3]!;
  const app = testApp(t.db, t.dir);
  type Post = [string, Record<string, string | string[]>];
  let posts: Post[] = [];

  beforeAll(async () => {
    const routes = await seedStaffRoutes(t.db, t.dir, campaign.id, unit.id);
    const passwordChange: Post = [
      '/doi-mat-khau',
      { current: TEST_PASSWORD, password: 'mat-khau-moi-rat-dai', confirm: 'mat-khau-moi-rat-dai' },
    ];
    posts = [...routes.posts, ...officerPosts(unit.id, invitationOf(t.db, unit.id)), passwordChange].filter(
      ([, body]) => Object.keys(body).length > 0,
    );
  });
  afterAll(() => t.cleanup());

  it('answers every signed-in form 400 or 422 with a message, never 500, and changes nothing', async () => {
    const admin = await signIn(app, 'admin');
    const before = snapshot(t.db);
    let tried = 0;
    for (const [path, body] of posts) {
      for (const field of Object.keys(body)) {
        for (const [attack, sent, type] of attacks(body, field)) {
          const csrf = await csrfFrom(admin, '/admin');
          const res = await admin
            .post(path)
            .type(type)
            .send({ ...sent, _csrf: csrf });
          const outcome = res.status === 400 || res.status === 422 ? 'refused' : res.status;
          expect([path, field, attack, outcome]).toEqual([path, field, attack, 'refused']);
          expect(res.text).not.toContain(msg('errors.internal'));
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(60);
    expect(snapshot(t.db)).toBe(before);
    expect((await admin.get('/admin')).status).toBe(200);
  });

  it('never answers 500 to a JSON object in place of any field', async () => {
    const admin = await signIn(app, 'admin');
    for (const [path, body] of posts) {
      for (const field of Object.keys(body)) {
        const csrf = await csrfFrom(admin, '/admin');
        const res = await admin
          .post(path)
          .type('json')
          .send({ ...body, [field]: { a: { b: ['c'] }, toString: 1 }, _csrf: csrf });
        expect([path, field, res.status < 500]).toEqual([path, field, true]);
      }
    }
  });

  it('answers the login form 400 for each field repeated, over-long or nested, and still signs in afterwards', async () => {
    const body = { username: 'admin', password: TEST_PASSWORD, next: '/admin/audit' };
    for (const field of Object.keys(body)) {
      for (const [attack, sent, type] of attacks(body, field)) {
        const agent = request.agent(app);
        const csrf = await csrfFrom(agent, '/dang-nhap');
        const res = await agent
          .post('/dang-nhap')
          .type(type)
          .send({ ...sent, _csrf: csrf });
        expect([field, attack, res.status]).toEqual([field, attack, 400]);
        expect(res.text).toContain(msg('errors.badRequest'));
        expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/cchc\.sid=/);
      }
    }
    // Bracketed names are plain names to the form parser, and a JSON object counts as no value: either way the
    // login simply lacks its username.
    const agent = request.agent(app);
    const csrf = await csrfFrom(agent, '/dang-nhap');
    const brackets = await agent
      .post('/dang-nhap')
      .type('form')
      .send(`_csrf=${csrf}&username[]=admin&username[]=b&username[a][b]=c&password=${TEST_PASSWORD}`);
    expect(brackets.status).toBe(401);
    const nested = await agent
      .post('/dang-nhap')
      .type('json')
      .send({ _csrf: csrf, username: { toString: 1, a: ['admin'] }, password: TEST_PASSWORD });
    expect(nested.status).toBe(401);
    await signIn(app, 'admin');
  });

  it('answers a body over the size limit 413 with its own message, not 500', async () => {
    const agent = request.agent(app);
    const csrf = await csrfFrom(agent, '/dang-nhap');
    const res = await agent
      .post('/dang-nhap')
      .type('form')
      .send({ _csrf: csrf, username: 'a'.repeat(100 * 1024), password: 'x' });
    expect(res.status).toBe(413);
    expect(res.text).toContain(msg('errors.payloadTooLarge'));
  });
});
