import request from 'supertest';
import { newToken } from '../../src/invitations/token';
import { surveyFixture } from '../helpers/survey-fixture';

describe('rate limits on survey links', () => {
  it('slows token guessing: after the unknown-link budget an IP gets a Vietnamese 429 page', async () => {
    const f = surveyFixture({ surveyRateLimit: { windowMs: 60_000, limit: 100, unknownLimit: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await request(f.app).get(`/s/${newToken()}`)).status).toBe(404);
      const blocked = await request(f.app).get(`/s/${newToken()}`);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Vui lòng đợi một lát rồi thử lại');
    } finally {
      f.close();
    }
  });

  it('does not count valid links against the unknown-link budget, but counts every request overall', async () => {
    const f = surveyFixture({ surveyRateLimit: { windowMs: 60_000, limit: 5, unknownLimit: 2 } });
    try {
      for (let i = 0; i < 5; i++) expect((await request(f.app).get(`/s/${f.cbccToken}`)).status).toBe(200);
      expect((await request(f.app).get(`/s/${f.cbccToken}`)).status).toBe(429);
    } finally {
      f.close();
    }
  });
});
