import request from 'supertest';
import { csrfFor } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';
import { makeUser, signIn } from '../helpers/web';

describe('page language', () => {
  const f = surveyFixture();
  afterAll(() => f.close());

  it('is Vietnamese by default on the survey form and the login page, with the switch to English', async () => {
    const form = await request(f.app).get(`/s/${f.cbccToken}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="vi">');
    expect(form.text).toContain('Gửi phiếu khảo sát');
    expect(form.text).toContain('href="?lang=en"');
    const login = await request(f.app).get('/dang-nhap');
    expect(login.text).toContain('<html lang="vi">');
    expect(login.text).toContain('Tên đăng nhập');
  });

  it('is English with the lang=en cookie, while the questionnaire itself stays as written', async () => {
    const form = await request(f.app).get(`/s/${f.cbccToken}`).set('Cookie', 'lang=en');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="en">');
    expect(form.text).toContain('Submit the survey form');
    expect(form.text).toContain('Question 1.');
    expect(form.text).not.toContain('Gửi phiếu khảo sát');
    expect(form.text).toContain('Khảo sát trực tuyến Chỉ số CCHC 2019');
    const login = await request(f.app).get('/dang-nhap').set('Cookie', 'lang=en');
    expect(login.text).toContain('<html lang="en">');
    expect(login.text).toContain('<title>Sign in');
    expect(login.text).toContain('Username');
  });

  it('is switched by ?lang=: a cookie, then a redirect to the same page without the parameter', async () => {
    const res = await request(f.app).get(`/dang-nhap?next=%2Fadmin&lang=en`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/dang-nhap?next=%2Fadmin');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lang=en;'));
    expect(cookie).toMatch(/HttpOnly/i);
    const after = await request(f.app).get(res.headers.location!).set('Cookie', 'lang=en');
    expect(after.text).toContain('<html lang="en">');
  });

  it('never redirects off the site, and ignores an unknown language', async () => {
    const offsite = await request(f.app).get('//evil.example/?lang=en');
    expect(offsite.headers.location).toBe('/');
    const unknown = await request(f.app).get('/dang-nhap?lang=fr');
    expect(unknown.status).toBe(302);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    const page = await request(f.app).get('/dang-nhap').set('Cookie', 'lang=fr');
    expect(page.text).toContain('<html lang="vi">');
  });

  it('shows refusals and error pages in English', async () => {
    const unknown = await request(f.app).get('/s/AAAAAAAAAAAAAAAAAAAAAA').set('Cookie', 'lang=en');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Invalid link');
    const missing = await request(f.app).get('/no-such-page').set('Cookie', 'lang=en');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Page not found');
    expect(missing.text).toContain('The page you are looking for does not exist');
    const forbidden = await request(f.app).post('/dang-nhap').set('Cookie', 'lang=en').type('form').send({});
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('This form has expired');
  });

  it('shows the Vietnamese validation messages of an incomplete form in English', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const res = await request(f.app)
      .post(`/s/${f.cbccToken}`)
      .set('Cookie', `${pair.cookie}; lang=en`)
      .type('form')
      .send({ _csrf: pair.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please answer this question.');
    expect(res.text).not.toContain('Vui lòng trả lời câu này.');
  });

  it('keeps the choice for a signed-in admin: English header, navigation and page title', async () => {
    await makeUser(f.db, 'snv.admin', 'admin');
    const agent = await signIn(f.app, 'snv.admin');
    const switched = await agent.get('/admin?lang=en');
    expect(switched.headers.location).toBe('/admin');
    const page = await agent.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Sign out');
    expect(page.text).toContain('>Accounts</a>');
    expect(page.text).toContain('<title>Survey campaign');
  });
  it('shows the admin and officer page headings, tabs and navigation in English, and Vietnamese by default', async () => {
    await makeUser(f.db, 'snv.admin.pages', 'admin');
    const pages = {
      dashboard: `/admin/campaigns/${f.campaign.id}`,
      units: `/admin/campaigns/${f.campaign.id}/units`,
      users: '/admin/users',
      officerUnit: `/officer/units/${f.unit.id}?campaign=${f.campaign.id}`,
    };
    const english = {
      dashboard: ['>Overview</a>', '>Units &amp; quotas</a>', '<h2 id="send-h">Send mail</h2>'],
      units: ['<title>Units, quotas and deadlines', '<h1>Units, quotas and deadlines</h1>', '>Overview</a>'],
      users: ['<title>Accounts', '<h1>Accounts</h1>'],
      // An admin on a unit's page keeps the admin navigation.
      officerUnit: ['>Survey campaigns</a>', '>Audit log</a>', '<h2>Forms by form type</h2>'],
    };
    const vietnamese = {
      dashboard: ['>Tổng quan</a>', '>Đơn vị &amp; chỉ tiêu</a>', '<h2 id="send-h">Gửi thư</h2>'],
      units: [
        '<title>Đơn vị, chỉ tiêu và thời hạn',
        '<h1>Đơn vị, chỉ tiêu và thời hạn</h1>',
        '>Tổng quan</a>',
      ],
      users: ['<title>Tài khoản', '<h1>Tài khoản</h1>'],
      officerUnit: ['>Đợt khảo sát</a>', '>Nhật ký</a>', '<h2>Số phiếu theo loại phiếu</h2>'],
    };

    const en = await signIn(f.app, 'snv.admin.pages');
    await en.get('/admin?lang=en');
    const vi = await signIn(f.app, 'snv.admin.pages');
    for (const [name, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
      const inEnglish = await en.get(path);
      expect(inEnglish.status).toBe(200);
      expect(inEnglish.text).toContain('<html lang="en">');
      for (const text of english[name]) expect(inEnglish.text).toContain(text);
      for (const text of vietnamese[name]) expect(inEnglish.text).not.toContain(text);

      const inVietnamese = await vi.get(path);
      expect(inVietnamese.status).toBe(200);
      expect(inVietnamese.text).toContain('<html lang="vi">');
      for (const text of vietnamese[name]) expect(inVietnamese.text).toContain(text);
      for (const text of english[name]) expect(inVietnamese.text).not.toContain(text);
    }
  });

  it('keeps a unit or campaign name as written in the page title, even one that reads like a UI text', async () => {
    await makeUser(f.db, 'snv.admin.titles', 'admin');
    const rename = f.db.$client.prepare('update units set name = ? where id = ?');
    const original = f.db.$client.prepare('select name from units where id = ?').pluck().get(f.unit.id);
    rename.run('Sở Nội vụ', f.unit.id); // the same words as the app's owner, which English shows translated
    try {
      const en = await signIn(f.app, 'snv.admin.titles');
      await en.get('/admin?lang=en');
      const page = await en.get(`/officer/units/${f.unit.id}?campaign=${f.campaign.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>Sở Nội vụ · ');
    } finally {
      rename.run(original, f.unit.id);
    }
  });
});
