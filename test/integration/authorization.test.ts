import request from 'supertest';
import { t as msg } from '../../src/i18n/messages';
import { createTestDb } from '../helpers/db';
import { seedSurvey } from '../helpers/survey-data';
import {
  adminRoutes,
  invitationOf,
  officerPosts,
  officerRoutes,
  seedStaffRoutes,
  snapshot,
} from '../helpers/staff-routes';
import { csrfFrom, signIn, testApp } from '../helpers/web';

describe('authorization of officer and admin pages', () => {
  const t = createTestDb();
  const { campaign, units } = seedSurvey(t.db, Date.now());
  const [unitA, unitB] = [units[3]!, units[4]!];
  const app = testApp(t.db, t.dir);
  let routes: ReturnType<typeof adminRoutes>;

  beforeAll(async () => {
    routes = await seedStaffRoutes(t.db, t.dir, campaign.id, unitA.id);
  });
  afterAll(() => t.cleanup());

  it('redirects anonymous visitors of every officer and admin page to the login page, keeping where they were', async () => {
    const pages = [...routes.gets, '/officer', '/doi-mat-khau', ...officerRoutes(campaign.id, unitA.id)];
    for (const path of pages) {
      const res = await request(app).get(path);
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses every admin action to an anonymous visitor holding a valid CSRF pair, and changes nothing', async () => {
    const anonymous = request.agent(app);
    const csrf = await csrfFrom(anonymous, '/dang-nhap');
    const before = snapshot(t.db);
    for (const [path, body] of routes.posts) {
      const res = await anonymous
        .post(path)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.location).toMatch(/^\/dang-nhap/);
    }
    expect(snapshot(t.db)).toBe(before);
  });

  it('redirects anonymous posts to every officer action to the login page, changing nothing', async () => {
    const before = snapshot(t.db);
    for (const [path, body] of officerPosts(unitA.id, invitationOf(t.db, unitA.id))) {
      const anonymous = request.agent(app);
      const csrf = await csrfFrom(anonymous, '/dang-nhap');
      const res = await anonymous
        .post(path)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(path)}`);
    }
    expect(snapshot(t.db)).toBe(before);
  });

  it('lets an admin open every admin page and any unit’s officer page', async () => {
    const admin = await signIn(app, 'admin');
    for (const path of [...routes.gets, ...officerRoutes(campaign.id, unitB.id)]) {
      const res = await admin.get(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('marks every signed-in page and export no-store, so no browser or proxy cache keeps a copy', async () => {
    const admin = await signIn(app, 'admin');
    const officer = await signIn(app, 'officer.a');
    const pages: [typeof admin, string][] = [
      ...[...routes.gets, '/doi-mat-khau', ...officerRoutes(campaign.id, unitB.id)].map(
        (path) => [admin, path] as [typeof admin, string],
      ),
      ...['/officer', ...officerRoutes(campaign.id, unitA.id)].map(
        (path) => [officer, path] as [typeof admin, string],
      ),
      // Refusals too: a 403 or 404 page still shows who is signed in.
      [officer, routes.gets[0]!],
      [officer, officerRoutes(campaign.id, unitB.id)[0]!],
    ];
    for (const [agent, path] of pages) {
      const res = await agent.get(path);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
    }
  });

  it('lets a focal officer open their own unit’s pages and export', async () => {
    const officer = await signIn(app, 'officer.a');
    for (const path of ['/officer', ...officerRoutes(campaign.id, unitA.id)]) {
      const res = await officer.get(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('answers 404 to a focal officer for every page and export of another unit, without naming it', async () => {
    const officer = await signIn(app, 'officer.a');
    for (const path of [...officerRoutes(campaign.id, unitB.id), ...officerRoutes(campaign.id, 999_999)]) {
      const res = await officer.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(unitB.name);
    }
  });

  it('answers 404 to a focal officer acting on another unit, or on its invitation under their own unit, and changes nothing', async () => {
    const officer = await signIn(app, 'officer.a');
    const before = snapshot(t.db);
    const otherInvitation = invitationOf(t.db, unitB.id);
    const posts = [
      ...officerPosts(unitB.id, otherInvitation),
      ...officerPosts(unitB.id, invitationOf(t.db, unitA.id)),
      ...officerPosts(unitA.id, otherInvitation).slice(0, 2),
      ...officerPosts(unitA.id, 999_999).slice(0, 2),
      ...officerPosts(999_999, otherInvitation),
    ];
    for (const [path, body] of posts) {
      const csrf = await csrfFrom(officer, '/officer');
      const res = await officer
        .post(path)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(unitB.name);
    }
    expect(snapshot(t.db)).toBe(before);
  });

  it('answers 403 to a focal officer for every admin page and action, and changes nothing', async () => {
    const officer = await signIn(app, 'officer.a');
    for (const path of routes.gets) {
      const res = await officer.get(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).toContain(msg('errors.forbidden'));
    }
    const before = snapshot(t.db);
    for (const [path, body] of routes.posts) {
      const csrf = await csrfFrom(officer, '/officer');
      const res = await officer
        .post(path)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).toContain(msg('errors.forbidden'));
    }
    expect(snapshot(t.db)).toBe(before);
  });

  it('refuses every POST without a valid CSRF token with 403, and changes nothing', async () => {
    const admin = await signIn(app, 'admin');
    const before = snapshot(t.db);
    const posts: [string, Record<string, string | string[]>][] = [
      ...routes.posts,
      ...officerPosts(unitA.id, invitationOf(t.db, unitA.id)),
      [
        '/doi-mat-khau',
        {
          current: 'mat-khau-du-dai-2019',
          password: 'mat-khau-moi-rat-dai',
          confirm: 'mat-khau-moi-rat-dai',
        },
      ],
      ['/dang-xuat', {}],
    ];
    for (const [path, body] of posts) {
      const missing = await admin.post(path).type('form').send(body);
      expect([path, missing.status]).toEqual([path, 403]);
      expect(missing.text).toContain(msg('errors.csrf'));
      const forged = await admin
        .post(path)
        .type('form')
        .send({ ...body, _csrf: 'forged.token' });
      expect([path, forged.status]).toEqual([path, 403]);
    }
    expect(snapshot(t.db)).toBe(before);
    expect((await admin.get('/admin')).status).toBe(200);
  });

  it('refuses a login POST without a CSRF token', async () => {
    const res = await request(app).post('/dang-nhap').type('form').send({ username: 'admin', password: 'x' });
    expect(res.status).toBe(403);
  });
});
