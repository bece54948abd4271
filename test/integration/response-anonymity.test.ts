import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { readResponses } from '../../src/responses/read-responses';
import { makeRespondent } from '../helpers/factories';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';

const N = 30;

describe('stored responses cannot be joined to their respondents', () => {
  const f = surveyFixture();
  const tokens: string[] = [];
  /** The free text of the i-th submission. */
  const text = (i: number) => `Ý kiến của lượt ${i}.`;
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
        .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(DEFAULT_FORMS.cbcc), q_de_xuat: text(i) }));
      expect(res.status).toBe(303);
    }
  });

  /** Submission number of each stored slot, in the order SQLite returns the rows. */
  function submissionsInRowOrder(sql: string): number[] {
    const rows = f.db.$client.prepare(sql).all() as Array<{ content: Buffer }>;
    return rows.flatMap((row) => {
      const i = Array.from({ length: N }, (_, k) => k).find((k) => row.content.includes(text(k)));
      return i === undefined ? [] : [i];
    });
  }

  it('keeps no respondent, invitation or exact time in the answer slots', () => {
    const columns = (
      f.db.$client.prepare('PRAGMA table_info(response_slots)').all() as { name: string }[]
    ).map((c) => c.name);
    expect(columns.sort()).toEqual(
      ['id', 'campaign_id', 'unit_id', 'form_type', 'capacity', 'slot', 'filled', 'content'].sort(),
    );
    const stored = readResponses(f.db, f.campaign.id);
    expect(stored).toHaveLength(N);
    expect(new Set(stored.map((r) => r.day))).toEqual(new Set(['2019-12-01']));
  });

  it('puts answers at random positions whose order is not the answering order', () => {
    const byPosition = submissionsInRowOrder('SELECT content FROM response_slots ORDER BY capacity, slot');
    expect([...byPosition].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(byPosition).not.toEqual([...byPosition].sort((a, b) => a - b));
    expect(Math.abs(spearman(byPosition))).toBeLessThan(0.8);
  });

  it('returns rows of SELECT * in an order unrelated to the answering order', () => {
    const tableOrder = submissionsInRowOrder('SELECT * FROM response_slots');
    expect(tableOrder).not.toEqual([...tableOrder].sort((a, b) => a - b));
  });

  it('leaves on the invitation only the day it was answered', () => {
    const row = f.db.$client.prepare('SELECT * FROM invitations WHERE token = ?').get(tokens[0]) as Record<
      string,
      unknown
    >;
    expect(row.answered_day).toBe('2019-12-01');
    const values = Object.values(row).map(String);
    for (let i = 0; i < N; i++) expect(values).not.toContain(text(i));
  });
});

/** Spearman rank correlation between the submission numbers in some order and that order's positions. */
function spearman(order: number[]): number {
  const n = order.length;
  const d2 = order.reduce((sum, submission, position) => sum + (submission - position) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}
