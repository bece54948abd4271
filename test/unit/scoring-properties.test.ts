import fc from 'fast-check';
import { formDefinitionSchema } from '../../src/forms/definition';
import type { Tally } from '../../src/responses/read-responses';
import { scoreUnitForm } from '../../src/scoring/score-unit-form';

// Arbitrary questionnaires (1–6 scored single-choice questions with 2–5 options) and answers to them.
const questionnaire = fc
  .array(
    fc.record({
      points: fc.double({ min: 0.01, max: 10, noNaN: true }),
      fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((qs) =>
    formDefinitionSchema.parse({
      title: 'P',
      sections: [
        {
          id: 's',
          title: 'S',
          questions: qs.map((q, i) => ({
            id: `q${i}`,
            text: `Câu ${i}`,
            kind: 'single',
            points: q.points,
            options: q.fractions.map((fraction, j) => ({ label: `o${j}`, fraction })),
          })),
        },
      ],
    }),
  );

const scenario = questionnaire.chain((definition) => {
  const questions = definition.sections[0]!.questions;
  return fc.record({
    definition: fc.constant(definition),
    // Each response picks one option of every question.
    responses: fc.array(fc.tuple(...questions.map((q) => fc.nat({ max: q.options.length - 1 }))), {
      minLength: 1,
      maxLength: 40,
    }),
    quota: fc.integer({ min: 0, max: 60 }),
  });
});

function tallies(responses: number[][]): Tally[] {
  const counts = new Map<string, number>();
  for (const r of responses)
    r.forEach((option, q) => counts.set(`q${q}:${option}`, (counts.get(`q${q}:${option}`) ?? 0) + 1));
  return [...counts].map(([key, count]) => {
    const [questionId, optionIndex] = key.split(':');
    return { questionId: questionId!, optionIndex: Number(optionIndex), count };
  });
}

describe('scoring properties', () => {
  it('never raises a score: 0 ≤ final ≤ raw ≤ maxPoints, reduction ≥ 0', () => {
    fc.assert(
      fc.property(scenario, ({ definition, responses, quota }) => {
        const s = scoreUnitForm({
          definition,
          tallies: tallies(responses),
          received: responses.length,
          quota,
        });
        expect(s.final).toBeGreaterThanOrEqual(0);
        expect(s.final).toBeLessThanOrEqual(s.raw + 1e-9);
        expect(s.raw).toBeLessThanOrEqual(s.maxPoints + 1e-9);
        expect(s.reduction).toBeGreaterThanOrEqual(-1e-12);
      }),
    );
  });

  it('keeps the raw score when the quota is met', () => {
    fc.assert(
      fc.property(scenario, ({ definition, responses, quota }) => {
        fc.pre(responses.length >= quota);
        const s = scoreUnitForm({
          definition,
          tallies: tallies(responses),
          received: responses.length,
          quota,
        });
        expect(s.final).toBe(s.raw);
        expect(s.reduction).toBe(0);
      }),
    );
  });

  it('scales final linearly with forms received below the quota, for the same answers', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 60 }), ({ definition, responses }, quota) => {
        // The same mean answers with r received, for every r up to the quota.
        const t = tallies(responses);
        const atQuota = scoreUnitForm({ definition, tallies: t, received: quota, quota }).final;
        for (const r of [1, Math.ceil(quota / 2), quota - 1].filter((x) => x >= 1 && x < quota)) {
          const s = scoreUnitForm({ definition, tallies: t, received: r, quota });
          expect(s.final).toBeCloseTo((atQuota * r) / quota, 9);
        }
      }),
    );
  });
});
