import request from 'supertest';
import type { Db } from '../../src/db/client';
import { t as msg } from '../../src/i18n/messages';
import { stageUpload } from '../../src/imports/stage-upload';
import { enqueueMail } from '../../src/mail/outbox';
import { createTestDb } from '../helpers/db';
import { writeCsv } from '../helpers/import-files';
import { seedSurvey } from '../helpers/survey-data';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

// Everything an admin can reach, written once; every rule below loops over these lists.
function adminRoutes(campaignId: number, unitId: number, userId: number, uploadId: string, mailId: number) {
  const c = `/admin/campaigns/${campaignId}`;
  const gets = [
    '/admin',
    c,
    `${c}?sort=percent&dir=desc`,
    `${c}/progress.json`,
    `${c}/edit`,
    `${c}/units`,
    `${c}/mo`,
    `${c}/units/${unitId}`,
    `${c}/forms`,
    `${c}/forms/cbcc`,
    `${c}/forms/cbcc/xem-truoc`,
    `${c}/forms/hdnd/xem-truoc?version=1`,
    '/admin/users',
    `/admin/users/${userId}`,
    '/admin/audit',
    `${c}/imports`,
    `${c}/imports/${uploadId}`,
    `${c}/imports/${uploadId}/loi.csv`,
    '/admin/imports/mau-don-vi.xlsx',
    '/admin/imports/mau-nguoi-khao-sat.xlsx',
    `${c}/gui/xac-nhan?kind=reminders`,
    `${c}/gui/aaaaaaaaaaaaaaaaaaaaa`,
    `${c}/gui/aaaaaaaaaaaaaaaaaaaaa/tien-do.json`,
    '/admin/outbox',
    `/admin/outbox?campaign=${campaignId}&status=failed&kind=invitation&page=2`,
    `/admin/outbox/${mailId}`,
    `${c}/mau-thu`,
    `${c}/mau-thu?kind=thank_you`,
    `${c}/chot`,
    `${c}/xoa-du-lieu`,
    `${c}/xoa`,
    `${c}/results`,
    `${c}/results/units/${unitId}`,
    `${c}/results/print`,
    `${c}/results.csv`,
    `${c}/results.xlsx`,
    `${c}/responses.csv`,
    `${c}/responses.xlsx`,
  ];
  const posts: [string, Record<string, string | string[]>][] = [
    ['/admin/campaigns', { name: 'Khảo sát CCHC 2020', year: '2020' }],
    [`${c}/edit`, { name: 'Đổi tên', year: '2019', mailSubject: 'Tiêu đề mới' }],
    [`${c}/open`, {}],
    [`${c}/forms/cbcc`, { definition: '{"title": "Phiếu", "sections": []}' }],
    [
      `${c}/units/${unitId}`,
      { sendOn: '2019-11-20', deadlineDate: '2019-12-04', quota_cbcc: '99', quota_hdnd: '0' },
    ],
    ['/admin/users', { username: 'ke.la', role: 'admin', password: 'mot-mat-khau-dai' }],
    [`/admin/users/${userId}/units`, { unitIds: [String(unitId)] }],
    [`/admin/users/${userId}/disable`, {}],
    [`/admin/users/${userId}/enable`, {}],
    [`/admin/users/${userId}/password`, {}],
    [`${c}/imports/units`, {}],
    [`${c}/imports/${uploadId}/commit`, {}],
    [`${c}/imports/${uploadId}/cancel`, {}],
    [`${c}/gui`, { unitId: String(unitId) }],
    [`${c}/gui`, { includeFailed: '1' }],
    [`${c}/nhac`, {}],
    ['/admin/outbox/gui-lai', { campaign: String(campaignId) }],
    [`${c}/mau-thu/invitation`, { html: '<p>x</p>', text: 'x' }],
    [`${c}/mau-thu/invitation/mac-dinh`, {}],
    [`${c}/close`, {}],
    [`${c}/reopen`, { reason: 'Nhập bổ sung' }],
    [`${c}/xoa-du-lieu`, { confirm: 'yes' }],
    [`${c}/xoa`, { confirm: 'yes' }],
  ];
  return { gets, posts };
}

function officerRoutes(campaignId: number, unitId: number) {
  const u = `/officer/units/${unitId}`;
  return [
    u,
    `${u}?campaign=${campaignId}`,
    `${u}?campaign=${campaignId}&filter=bounced&q=a&sort=status&dir=desc&page=2`,
    `${u}/danh-sach.xlsx`,
    `${u}/danh-sach.xlsx?campaign=${campaignId}`,
    `${u}/nhac-nho`,
    `${u}/nhac-nho?campaign=${campaignId}&form=cbcc`,
  ];
}

/** The officer actions on a unit, naming one of its invitations (or any other id an officer might type in). */
function officerPosts(unitId: number, invitationId: number): [string, Record<string, string>][] {
  const u = `/officer/units/${unitId}`;
  return [
    [`${u}/thu-moi/${invitationId}/gui-lai`, {}],
    [`${u}/thu-moi/${invitationId}/sua-email?filter=bounced`, { email: 'dia-chi-moi@soctrang.gov.vn' }],
    [`${u}/nhac-nho`, {}],
    [`${u}/nhac-nho?form=cbcc`, {}],
  ];
}

/** An unanswered invitation of the unit. */
function invitationOf(db: Db, unitId: number): number {
  return (
    db.$client
      .prepare('select id from invitations where unit_id = ? and answered_on is null order by id limit 1')
      .get(unitId) as { id: number }
  ).id;
}

/** Every table an admin action could change, as one comparable value. */
function snapshot(db: Db): string {
  const tables = [
    'users',
    'user_units',
    'campaigns',
    'campaign_units',
    'unit_quotas',
    'audit_log',
    'invitations',
    'respondents',
    'mail_outbox',
    'import_uploads',
    'score_snapshots',
    'form_definitions',
    'revoked_tokens',
  ];
  return JSON.stringify(tables.map((name) => db.$client.prepare(`select * from ${name}`).all()));
}

describe('authorization of officer and admin pages', () => {
  const t = createTestDb();
  const { campaign, units } = seedSurvey(t.db, Date.now());
  const [unitA, unitB] = [units[3]!, units[4]!];
  const app = testApp(t.db, t.dir);
  let officerId = 0;
  let routes: ReturnType<typeof adminRoutes>;

  beforeAll(async () => {
    await makeUser(t.db, 'admin', 'admin');
    officerId = (await makeUser(t.db, 'officer.a', 'officer', [unitA.id])).id;
    const file = writeCsv(t.dir, 'nguoi.csv', ['email,ma_don_vi,loai_phieu', 'moi@snv.vn,SNV,cbcc']);
    const { uploadId } = await stageUpload(
      t.db,
      { campaignId: campaign.id, kind: 'respondents', fileName: 'nguoi.csv', tempPath: file },
      t.dir,
    );
    const mailId = enqueueMail(t.db, { kind: 'other', to: 'a@snv.vn', subject: 'Thư', html: 'h', text: 't' });
    routes = adminRoutes(campaign.id, unitA.id, officerId, uploadId, mailId);
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
