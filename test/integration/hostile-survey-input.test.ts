import fc from 'fast-check';
import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { allQuestions } from '../../src/forms/definition';
import { t } from '../../src/i18n/messages';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';

const cbcc = DEFAULT_FORMS.cbcc!;
const questions = allQuestions(cbcc);
const single = questions.find((q) => q.kind === 'single' && q.required)!;
const multiple = questions.find((q) => q.kind === 'multiple')!;
const text = questions.find((q) => q.kind === 'text')!;

let f: ReturnType<typeof surveyFixture>;
let pair: { cookie: string; csrf: string };
beforeEach(async () => {
  f = surveyFixture();
  pair = await csrfFor(f.app, f.cbccToken);
});
afterEach(() => f.close());

const post = (token: string, body: string, type = 'form') =>
  request(f.app).post(`/s/${token}`).set('Cookie', pair.cookie).type(type).send(body);

function expectNothingStored() {
  expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(0);
  expect(f.count(f.db, 'mail_outbox')).toBe(0);
  expect(
    f.db.$client.prepare('SELECT count(*) FROM invitations WHERE answered_on IS NOT NULL').pluck().get(),
  ).toBe(0);
}

describe('hostile survey form posts', () => {
  it.each([
    ['only unknown fields', { foo: 'bar', __proto__x: '1', q_khong_co: '0' }],
    ['a word as an option', { [`q_${single.id}`]: 'abc' }],
    ['a negative option', { [`q_${single.id}`]: '-1' }],
    ['an option out of range', { [`q_${single.id}`]: '99' }],
    ['NaN as an option', { [`q_${single.id}`]: 'NaN' }],
    ['an exponent as an option', { [`q_${single.id}`]: '1e1' }],
    ['hex as an option', { [`q_${single.id}`]: '0x1' }],
    ['a padded option', { [`q_${single.id}`]: ' 0' }],
    ['two values for a single choice', { [`q_${single.id}`]: ['0', '1'] }],
    ['a negative index in a multiple choice', { [`q_${multiple.id}`]: ['0', '-2'] }],
    ['text longer than the question allows', { [`q_${text.id}`]: 'x'.repeat((text.maxLength ?? 2000) + 1) }],
  ])('answers 422 with the form again and stores nothing for %s', async (_name, fields) => {
    const body: Record<string, string | string[]> = {
      ...validAnswers(cbcc),
      ...(fields as Record<string, string | string[]>),
      _csrf: pair.csrf,
    };
    if ((fields as Record<string, unknown>).foo) for (const q of questions) delete body[`q_${q.id}`];
    const res = await post(f.cbccToken, encodeForm(body));
    expect(res.status).toBe(422);
    expect(res.text).toContain('name="_csrf"');
    expectNothingStored();
  });

  it('answers 413 to a 100 KB text and to an oversize body, storing nothing', async () => {
    const big = encodeForm({
      ...validAnswers(cbcc),
      [`q_${text.id}`]: 'Đ'.repeat(100 * 1024),
      _csrf: pair.csrf,
    });
    const res = await post(f.cbccToken, big);
    expect(res.status).toBe(413);
    expect(res.text).toContain(t('errors.payloadTooLarge'));
    expectNothingStored();
  });

  it('never answers 500 to too many fields or to JSON with nested objects and wrong types', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `f${i}=1`).join('&') + `&_csrf=${pair.csrf}`;
    const tooMany = await post(f.cbccToken, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toContain(t('errors.payloadTooLarge'));
    const koi8 = await request(f.app)
      .post(`/s/${f.cbccToken}`)
      .set('Cookie', pair.cookie)
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-r')
      .send(encodeForm({ ...validAnswers(cbcc), _csrf: pair.csrf }));
    expect(koi8.status).toBe(400);
    const badJson = await post(f.cbccToken, '{"_csrf": ', 'json');
    expect(badJson.status).toBe(400);
    const json = JSON.stringify({
      _csrf: pair.csrf,
      [`q_${single.id}`]: { toString: 'x', length: 1 },
      [`q_${multiple.id}`]: [{ a: 1 }, null, 3],
      [`q_${text.id}`]: 42,
    });
    const nested = await post(f.cbccToken, json, 'json');
    expect(nested.status).toBe(422);
    expectNothingStored();
  });

  it('holds its invariants for any random body: never 500, and a response only with its invitation answered', async () => {
    const fieldName = fc.oneof(
      fc.constantFrom(...questions.map((q) => `q_${q.id}`)),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.constantFrom('0', '1', '3', '-1', '99', 'NaN', '', ' ', '<script>', '0.5'),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fieldName, fc.oneof(value, fc.array(value, { maxLength: 4 })), { maxKeys: 20 }),
        fc.boolean(),
        async (fields, startValid) => {
          const body = { ...(startValid ? validAnswers(cbcc) : {}), ...fields, _csrf: pair.csrf };
          const res = await post(f.cbccToken, encodeForm(body));
          expect([303, 409, 422]).toContain(res.status);
          const answered = f.db.$client
            .prepare('SELECT count(*) FROM invitations WHERE answered_on IS NOT NULL')
            .pluck()
            .get();
          expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(answered);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  }, 20_000);
});

describe('hostile survey links', () => {
  it('treats a link differing from a real one in any way as unknown: exact match only, no prefix or wildcard', async () => {
    const token = f.cbccToken;
    const last = token.at(-1)!;
    const variants = [
      token.slice(0, -1) + (last === 'A' ? 'B' : 'A'),
      token.slice(0, -1),
      `${token}A`,
      token.slice(0, -1) + '_',
      token.slice(0, -1) + '%25',
      token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase(),
      `${token.slice(0, 10)}%25`,
    ];
    // Tokens are random: a variant that happens to equal the real one (a token ending in "_") is no variant.
    for (const v of variants.filter((x) => x !== token)) {
      const res = await request(f.app).get(`/s/${v}`);
      expect(res.status).toBe(404);
    }
    expect((await request(f.app).get(`/s/${token}`)).status).toBe(200);
  });

  it('spends the unknown-link budget on near-miss guesses, then answers 429', async () => {
    const limited = surveyFixture({ surveyRateLimit: { windowMs: 60_000, limit: 1000, unknownLimit: 5 } });
    try {
      const token = limited.cbccToken;
      const near = 'ABCDEFG'
        .split('')
        .filter((c) => c !== token.at(-1))
        .map((c) => token.slice(0, -1) + c);
      for (const g of near.slice(0, 5)) expect((await request(limited.app).get(`/s/${g}`)).status).toBe(404);
      const blocked = await request(limited.app).get(`/s/${near[5]}`);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain(t('errors.rateLimited'));
    } finally {
      limited.close();
    }
  });

  it('rejects a malformed link before touching the database', async () => {
    // With the database handle closed, only a request that reaches it can fail.
    f.db.$client.close();
    for (const bad of ['abc', 'x'.repeat(23), "' OR 1=1 --", '\u0000'.repeat(22), '../../etc']) {
      const res = await request(f.app).get(`/s/${encodeURIComponent(bad)}`);
      expect(res.status).toBe(404);
    }
    // A well-formed one does reach it (and fails with the database gone): the check above is a real one.
    expect((await request(f.app).get(`/s/${'A'.repeat(22)}`)).status).toBe(500);
  });
});
