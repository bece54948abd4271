import { createTestDb } from '../helpers/db';
import { interview, seedInterviewCampaign } from '../helpers/interviews';
import { makeUser, signIn, testApp } from '../helpers/web';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

describe('the interview app and its sync over HTTP', () => {
  it('shows an enumerator the app with their questionnaires, and only the app', async () => {
    const seed = await seedInterviewCampaign(t.db, Date.now());
    const agent = await signIn(testApp(t.db, t.dir), 'dtv1');
    expect((await agent.get('/')).headers.location).toBe('/dieu-tra/');
    expect((await agent.get('/dieu-tra')).headers.location).toBe('/dieu-tra/');
    const page = await agent.get('/dieu-tra/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<link rel="manifest" href="/dieu-tra/manifest.webmanifest">');
    expect(page.text).toContain(`data-campaign="${seed.campaign.id}" data-form="cbcc" data-version="1"`);
    expect(page.text).toContain('Gửi các phiếu đã lưu (0)');
    const manifest = await agent.get('/dieu-tra/manifest.webmanifest');
    expect(manifest.body).toMatchObject({
      start_url: '/dieu-tra/',
      scope: '/dieu-tra/',
      display: 'standalone',
    });
    const worker = await agent.get('/dieu-tra/sw.js');
    expect(worker.headers['content-type']).toContain('javascript');
    expect((await agent.get('/officer')).status).toBe(403);
    expect((await agent.get('/admin')).status).toBe(403);
  });

  it('takes an upload with a fresh CSRF token, refuses one without, and keeps others out', async () => {
    const seed = await seedInterviewCampaign(t.db, Date.now());
    const app = testApp(t.db, t.dir);
    const agent = await signIn(app, 'dtv1');
    const upload = interview(
      t.db,
      { campaignId: seed.campaign.id, unitId: seed.unit.id },
      Date.now() - 3600_000,
    );
    const body = { interviews: [upload] };
    expect((await agent.post('/dieu-tra/sync').send(body)).status).toBe(403);
    const { token } = (await agent.get('/dieu-tra/csrf')).body as { token: string };
    const res = await agent.post('/dieu-tra/sync').set('x-csrf-token', token).send(body);
    expect(res.body).toEqual({
      receipts: [{ uuid: upload.uuid, status: 'stored', review: 'accepted', holds: [] }],
      held: [upload.uuid],
    });
    const bad = await agent
      .post('/dieu-tra/sync')
      .set('x-csrf-token', token)
      .send({ interviews: [{ ...upload, uuid: 'khong-phai-uuid' }] });
    expect(bad.body.receipts[0]).toMatchObject({
      status: 'refused',
      message: expect.stringContaining('UUID'),
    });
    await makeUser(t.db, 'dau-moi', 'officer');
    const officer = await signIn(app, 'dau-moi');
    expect((await officer.get('/dieu-tra/')).status).toBe(403);
  });

  it('gives the supervisor the assignments, the day counts and the held interviews on the campaign page', async () => {
    const seed = await seedInterviewCampaign(t.db, Date.now());
    await makeUser(t.db, 'quan-tri', 'admin');
    const app = testApp(t.db, t.dir);
    const enumerator = await signIn(app, 'dtv1');
    const { token } = (await enumerator.get('/dieu-tra/csrf')).body as { token: string };
    const where = { campaignId: seed.campaign.id, unitId: seed.unit.id };
    const uploads = [
      interview(t.db, where, Date.now() - 7200_000),
      interview(t.db, where, Date.now() - 3600_000, { minutes: 1, choice: 2 }),
    ];
    await enumerator.post('/dieu-tra/sync').set('x-csrf-token', token).send({ interviews: uploads });
    const admin = await signIn(app, 'quan-tri');
    const page = await admin.get(`/admin/campaigns/${seed.campaign.id}/dieu-tra-vien`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 / 20');
    expect(page.text).toContain('Thời gian phỏng vấn quá ngắn');
    expect(page.text).toContain(uploads[1]!.uuid.slice(0, 8));
  });
});
