import request from 'supertest';
import { createTestDb } from '../helpers/db';
import { csrfFrom, makeUser, signIn, TEST_PASSWORD, testApp } from '../helpers/web';

describe('login rate limiting', () => {
  const t = createTestDb();
  const app = testApp(t.db, t.dir);
  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    await makeUser(t.db, 'officer.rl', 'officer');
  });
  afterAll(() => t.cleanup());

  it('slows a guesser down after 10 failures for one username, with a Vietnamese message', async () => {
    const agent = request.agent(app);
    for (let i = 0; i < 10; i++) {
      const token = await csrfFrom(agent, '/dang-nhap');
      const res = await agent
        .post('/dang-nhap')
        .type('form')
        .send({ _csrf: token, username: 'officer.rl', password: `sai-${i}` });
      expect(res.status).toBe(401);
    }
    const token = await csrfFrom(agent, '/dang-nhap');
    const blocked = await agent
      .post('/dang-nhap')
      .type('form')
      .send({ _csrf: token, username: 'officer.rl', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Bạn đã nhập sai quá nhiều lần');
    // Another account from the same address is not locked out.
    const admin = await signIn(app, 'snv.admin');
    expect((await admin.get('/admin')).status).toBe(200);
  });

  it('slows down one address trying many usernames after 30 failures', async () => {
    const agent = request.agent(testApp(t.db, t.dir));
    const token = await csrfFrom(agent, '/dang-nhap');
    for (let i = 0; i < 30; i++) {
      const res = await agent
        .post('/dang-nhap')
        .type('form')
        .send({ _csrf: token, username: `user${i}`, password: 'x' });
      expect(res.status).toBe(401);
    }
    const blocked = await agent
      .post('/dang-nhap')
      .type('form')
      .send({ _csrf: token, username: 'snv.admin', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
  });
});
