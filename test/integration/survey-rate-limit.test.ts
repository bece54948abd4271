import request from 'supertest';
import { newToken } from '../../src/tokens';
import { surveyRateLimitFrom } from '../../src/web/survey';
import { testConfig } from '../helpers/config';
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

  it('takes its budgets from SURVEY_RATE_LIMIT and SURVEY_UNKNOWN_TOKEN_LIMIT, sized for offices behind one NAT', () => {
    expect(surveyRateLimitFrom(testConfig())).toEqual({ windowMs: 300_000, limit: 3000, unknownLimit: 30 });
    expect(
      surveyRateLimitFrom(testConfig({ SURVEY_RATE_LIMIT: '500', SURVEY_UNKNOWN_TOKEN_LIMIT: '0' })),
    ).toEqual({ windowMs: 300_000, limit: 500, unknownLimit: 0 });
  });

  it('SURVEY_RATE_LIMIT=0 turns the per-IP limit off while the unknown-link budget still holds', async () => {
    const limits = surveyRateLimitFrom(
      testConfig({ SURVEY_RATE_LIMIT: '0', SURVEY_UNKNOWN_TOKEN_LIMIT: '2' }),
    );
    const f = surveyFixture({ surveyRateLimit: limits });
    try {
      for (let i = 0; i < 12; i++) expect((await request(f.app).get(`/s/${f.cbccToken}`)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await request(f.app).get(`/s/${newToken()}`)).status).toBe(404);
      expect((await request(f.app).get(`/s/${newToken()}`)).status).toBe(429);
    } finally {
      f.close();
    }
  });
});
