import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { makeRespondent } from '../helpers/factories';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';

const N = 30;

describe('stored responses cannot be joined to their respondents', () => {
  const f = surveyFixture();
  const tokens: string[] = [];
  const idsInSubmitOrder: string[] = [];
  afterAll(() => f.close());

  beforeAll(async () => {
    for (let i = 0; i < N; i++) {
      const p = makeRespondent(f.db, f.campaign.id, f.unit.id, { email: `nguoi${i}@soctrang.gov.vn` });
      tokens.push(p.invitations[0]!.token);
    }
    const pair = await csrfFor(f.app, tokens[0]!);
    for (const [i, token] of tokens.entries()) {
      f.clock.now += 60_000 + i; // distinct, increasing submission times
      const res = await request(f.app)
        .post(`/s/${token}`)
        .set('Cookie', pair.cookie)
        .type('form')
        .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(DEFAULT_FORMS.cbcc) }));
      expect(res.status).toBe(303);
      const known = new Set(idsInSubmitOrder);
      const ids = (f.db.$client.prepare('SELECT id FROM responses').all() as { id: string }[]).map(
        (r) => r.id,
      );
      idsInSubmitOrder.push(ids.find((id) => !known.has(id))!);
    }
  });

  it('keeps no respondent, invitation or exact time in responses and response_answers', () => {
    const columns = (table: string) =>
      (f.db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('responses').sort()).toEqual(
      ['campaign_id', 'definition_version', 'form_type', 'id', 'submitted_on', 'unit_id'].sort(),
    );
    expect(columns('response_answers').sort()).toEqual(
      [
        'campaign_id',
        'form_type',
        'option_index',
        'question_id',
        'response_id',
        'text_value',
        'unit_id',
      ].sort(),
    );
    const days = f.db.$client.prepare('SELECT DISTINCT submitted_on FROM responses').all();
    expect(days).toEqual([{ submitted_on: '2019-12-01' }]);
  });

  it('uses random ids whose order is not the answering order', () => {
    expect(new Set(idsInSubmitOrder).size).toBe(N);
    for (const id of idsInSubmitOrder) expect(id).toMatch(/^[0-9A-Za-z_-]{21}$/);
    const sorted = [...idsInSubmitOrder].sort();
    expect(sorted).not.toEqual(idsInSubmitOrder);
    expect(Math.abs(spearman(idsInSubmitOrder, sorted))).toBeLessThan(0.8);
  });

  it('returns rows of SELECT * in an order unrelated to the answering order (tables keep no rowid)', () => {
    const tables = f.db.$client
      .prepare("SELECT name, sql FROM sqlite_master WHERE name IN ('responses', 'response_answers')")
      .all() as { name: string; sql: string }[];
    for (const t of tables) expect(t.sql).toMatch(/WITHOUT ROWID/);
    const tableOrder = (f.db.$client.prepare('SELECT * FROM responses').all() as { id: string }[]).map(
      (r) => r.id,
    );
    expect(tableOrder).not.toEqual(idsInSubmitOrder);
    const answerOrder = [
      ...new Set(
        (
          f.db.$client.prepare('SELECT response_id FROM response_answers').all() as { response_id: string }[]
        ).map((r) => r.response_id),
      ),
    ];
    expect(answerOrder).not.toEqual(idsInSubmitOrder);
  });

  it('leaves on the invitation only when it was answered', () => {
    const row = f.db.$client.prepare('SELECT * FROM invitations WHERE token = ?').get(tokens[0]) as Record<
      string,
      unknown
    >;
    const values = Object.values(row).map(String);
    for (const id of idsInSubmitOrder) expect(values).not.toContain(id);
    expect(row.answered_at).toEqual(expect.any(Number));
  });
});

/** Spearman rank correlation between the submit order and the position of each id in another order. */
function spearman(submitOrder: string[], other: string[]): number {
  const n = submitOrder.length;
  const rank = new Map(other.map((id, i) => [id, i]));
  const d2 = submitOrder.reduce((sum, id, i) => sum + (i - rank.get(id)!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}
