import { formDefinitionSchema, type FormDefinition } from '../../src/forms/definition';
import type { Tally } from '../../src/responses/read-responses';
import {
  scoreQuestions,
  scoreUnitForm,
  scoreUnitFormAcrossVersions,
} from '../../src/scoring/score-unit-form';

const abcd = [
  { label: 'A', fraction: 1 },
  { label: 'B', fraction: 0.6 },
  { label: 'C', fraction: 0.2 },
  { label: 'D', fraction: 0 },
];
const satisfaction = [
  { label: 'Rất hài lòng', fraction: 1 },
  { label: 'Hài lòng', fraction: 0.75 },
  { label: 'Bình thường', fraction: 0.5 },
  { label: 'Không hài lòng', fraction: 0.25 },
  { label: 'Rất không hài lòng', fraction: 0 },
];

// q1 worth 2 (A/B/C/D), q2 worth 1 (5-level satisfaction), q3 optional worth 3, q4 and q5 unscored.
const definition: FormDefinition = formDefinitionSchema.parse({
  title: 'Phiếu thử',
  sections: [
    {
      id: 's',
      title: 'Phần',
      questions: [
        { id: 'q1', text: 'Câu 1', kind: 'single', points: 2, options: abcd },
        { id: 'q2', text: 'Câu 2', kind: 'single', points: 1, options: satisfaction },
        {
          id: 'q3',
          text: 'Câu 3',
          kind: 'single',
          required: false,
          points: 3,
          options: [
            { label: 'Có', fraction: 1 },
            { label: 'Không', fraction: 0 },
          ],
        },
        { id: 'q4', text: 'Câu 4', kind: 'single', options: [{ label: 'x' }, { label: 'y' }] },
        { id: 'q5', text: 'Góp ý', kind: 'text' },
      ],
    },
  ],
});

const tally = (questionId: string, optionIndex: number, count: number): Tally => ({
  questionId,
  optionIndex,
  count,
});

// Four responses: q1 A,A,B,B (mean 0.8 → 1.6); q2 5-level 1, 0.75, 0.75, 0 (mean 0.625 → 0.625);
// q3 answered by two of them, Có and Không (mean 0.5 → 1.5); raw = 3.725 of a possible 6.
const fourResponses: Tally[] = [
  tally('q1', 0, 2),
  tally('q1', 1, 2),
  tally('q2', 0, 1),
  tally('q2', 1, 2),
  tally('q2', 4, 1),
  tally('q3', 0, 1),
  tally('q3', 1, 1),
  tally('q4', 1, 4),
  tally('q5', -1, 3),
];

describe('scoreUnitForm (docs/DOMAIN.md § Quota shortfall, § Raw sub-score)', () => {
  it('gives points × mean fraction per scored question and no reduction when the quota is met', () => {
    const s = scoreUnitForm({ definition, tallies: fourResponses, received: 4, quota: 4 });
    expect(s.maxPoints).toBe(6);
    expect(s.raw).toBeCloseTo(3.725, 10);
    expect(s.final).toBeCloseTo(3.725, 10);
    expect(s.reduction).toBeCloseTo(0, 10);
  });

  it('gives no bonus when more forms than the quota arrive', () => {
    const s = scoreUnitForm({ definition, tallies: fourResponses, received: 4, quota: 3 });
    expect(s.final).toBeCloseTo(3.725, 10);
    expect(s.reduction).toBe(0);
  });

  it('halves the score when half the quota arrived', () => {
    const s = scoreUnitForm({ definition, tallies: fourResponses, received: 4, quota: 8 });
    expect(s.raw).toBeCloseTo(3.725, 10);
    expect(s.final).toBeCloseTo(1.8625, 10);
    expect(s.reduction).toBeCloseTo(1.8625, 10);
  });

  it('reduces 37 of 50 forms by 26%', () => {
    const tallies = [tally('q1', 0, 37), tally('q2', 0, 37)];
    const s = scoreUnitForm({ definition, tallies, received: 37, quota: 50 });
    expect(s.raw).toBeCloseTo(3, 10);
    expect(s.final).toBeCloseTo(2.22, 10);
    expect(s.reduction / s.raw).toBeCloseTo(0.26, 10);
  });

  it('scores 0 when nothing was received', () => {
    expect(scoreUnitForm({ definition, tallies: [], received: 0, quota: 10 })).toEqual({
      maxPoints: 6,
      raw: 0,
      final: 0,
      reduction: 0,
    });
  });

  it('does not reduce a unit whose quota is 0', () => {
    const s = scoreUnitForm({ definition, tallies: fourResponses, received: 4, quota: 0 });
    expect(s.final).toBeCloseTo(3.725, 10);
    expect(s.reduction).toBe(0);
  });

  it('adds the form types of a unit with both cbcc and hdnd', () => {
    const cbcc = scoreUnitForm({ definition, tallies: fourResponses, received: 4, quota: 8 });
    const hdnd = scoreUnitForm({ definition, tallies: [tally('q1', 2, 1)], received: 1, quota: 1 });
    expect(hdnd.raw).toBeCloseTo(0.4, 10);
    expect(cbcc.final + hdnd.final).toBeCloseTo(1.8625 + 0.4, 10);
  });

  it('lets an optional scored question nobody answered earn 0, and averages it over those who did', () => {
    const withoutQ3 = fourResponses.filter((t) => t.questionId !== 'q3');
    expect(scoreUnitForm({ definition, tallies: withoutQ3, received: 4, quota: 4 }).raw).toBeCloseTo(
      2.225,
      10,
    );
    const q3 = scoreQuestions(definition, fourResponses).find((q) => q.question.id === 'q3')!;
    expect(q3).toMatchObject({ answering: 2, counts: [1, 1], meanFraction: 0.5, earned: 1.5 });
  });

  it('scores the 5-level satisfaction scale at 100/75/50/25/0%', () => {
    const tallies = [0, 1, 2, 3, 4].map((i) => tally('q2', i, 1));
    const q2 = scoreQuestions(definition, tallies).find((q) => q.question.id === 'q2')!;
    expect(q2.meanFraction).toBeCloseTo(0.5, 10);
    expect(q2.earned).toBeCloseTo(0.5, 10);
  });

  it('does not score unscored questions but reports their distribution', () => {
    const questions = scoreQuestions(definition, fourResponses);
    expect(questions.find((q) => q.question.id === 'q4')).toMatchObject({ counts: [0, 4], earned: 0 });
    expect(questions.find((q) => q.question.id === 'q5')).toMatchObject({ answering: 3, earned: 0 });
  });

  it('scores each response with the points of the version it answered', () => {
    const doubled = formDefinitionSchema.parse({
      ...definition,
      sections: [
        { ...definition.sections[0]!, questions: [{ ...definition.sections[0]!.questions[0]!, points: 4 }] },
      ],
    });
    // Version 1: 3 responses all A on q1 (raw 2); version 2: 1 response B on q1 worth 4 (raw 2.4).
    const s = scoreUnitFormAcrossVersions(
      [
        { definition, tallies: [tally('q1', 0, 3)], responses: 3 },
        { definition: doubled, tallies: [tally('q1', 1, 1)], responses: 1 },
      ],
      8,
    );
    expect(s.raw).toBeCloseTo((2 * 3 + 2.4 * 1) / 4, 10);
    expect(s.final).toBeCloseTo(s.raw / 2, 10);
    expect(s.maxPoints).toBe(4);
  });
});
