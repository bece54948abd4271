import request from 'supertest';
import { createApp } from '../../src/app';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeUser, signIn } from '../helpers/web';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

describe('web app', () => {
  const t = createTestDb();
  const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir: t.dir }) });
  afterAll(() => t.cleanup());

  it('answers an unknown page with a Vietnamese 404 page, no stack trace', async () => {
    const res = await request(app).get('/khong-co-trang-nay').set('Accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Không tìm thấy trang');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sends strict security headers and no Referer for survey links', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends Strict-Transport-Security only when PUBLIC_URL is https', async () => {
    expect((await request(app).get('/healthz')).headers['strict-transport-security']).toBeUndefined();
    const https = createApp({
      db: t.db,
      config: testConfig({ PUBLIC_URL: 'https://khaosat.snv.example.vn' }),
      mailer: createMailer({ mailDir: t.dir }),
    });
    const res = await request(https).get('/healthz');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
  });

  it('names an icon on every page and sends /favicon.ico to it, so browsers log no failed request', async () => {
    expect((await request(app).get('/dang-nhap')).text).toContain(
      '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
    );
    const ico = await request(app).get('/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.location).toBe('/static/favicon.svg');
    const svg = await request(app).get('/static/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('sends pages without an ETag: each is per person and per request', async () => {
    const res = await request(app).get('/dang-nhap');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });

  it('lists campaigns to a signed-in admin', async () => {
    orThrow(
      createCampaign(
        t.db,
        { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    await makeUser(t.db, 'admin', 'admin');
    const res = await (await signIn(app, 'admin')).get('/admin');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Khảo sát trực tuyến Chỉ số CCHC 2019');
  });
});
