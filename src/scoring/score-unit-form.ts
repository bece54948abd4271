import { allQuestions, maxPoints, type FormDefinition, type FormQuestion } from '../forms/definition';
import type { Tally } from '../responses/read-responses';

export type QuestionScore = {
  question: FormQuestion;
  /** Choices per option, in option order. */
  counts: number[];
  /** Responses that answered (single choice and text); choices made for a multiple-choice question. */
  answering: number;
  /** Mean option fraction over the responses that answered; null when unscored or nobody answered. */
  meanFraction: number | null;
  earned: number;
};

export type FormScore = {
  maxPoints: number;
  raw: number;
  final: number;
  reduction: number;
};

/**
 * Points a unit's answers earn from one questionnaire version (docs/DOMAIN.md § Raw sub-score): for every scored question,
 * points × mean fraction over the responses that answered it. An optional question nobody answered earns 0;
 * one answered by some responses is averaged over those only, so skipping it neither helps nor hurts.
 */
export function scoreQuestions(definition: FormDefinition, tallies: Tally[]): QuestionScore[] {
  const byQuestion = new Map<string, Tally[]>();
  for (const t of tallies) {
    const list = byQuestion.get(t.questionId);
    if (list) list.push(t);
    else byQuestion.set(t.questionId, [t]);
  }
  return allQuestions(definition).map((question) => {
    const counts = question.options.map(() => 0);
    let answering = 0;
    for (const t of byQuestion.get(question.id) ?? []) {
      answering += t.count;
      if (t.optionIndex >= 0 && t.optionIndex < counts.length) counts[t.optionIndex]! += t.count;
    }
    if (question.points <= 0) return { question, counts, answering, meanFraction: null, earned: 0 };
    const chosen = counts.reduce((sum, c) => sum + c, 0);
    if (chosen === 0) return { question, counts, answering, meanFraction: null, earned: 0 };
    const weighted = counts.reduce((sum, c, i) => sum + c * (question.options[i]!.fraction ?? 0), 0);
    const meanFraction = weighted / chosen;
    return { question, counts, answering, meanFraction, earned: question.points * meanFraction };
  });
}

/** The quota-shortfall penalty (docs/DOMAIN.md § Quota shortfall): final = raw × min(received, quota) / quota; none when quota = 0. */
export function applyQuotaPenalty(
  raw: number,
  received: number,
  quota: number,
): Omit<FormScore, 'maxPoints'> {
  const final = quota > 0 && received < quota ? (raw * received) / quota : raw;
  return { raw, final, reduction: raw - final };
}

/** A unit's score for one form type from its answer tallies, received count and quota. */
export function scoreUnitForm(input: {
  definition: FormDefinition;
  tallies: Tally[];
  received: number;
  quota: number;
}): FormScore {
  const raw =
    input.received > 0
      ? scoreQuestions(input.definition, input.tallies).reduce((sum, q) => sum + q.earned, 0)
      : 0;
  return { maxPoints: maxPoints(input.definition), ...applyQuotaPenalty(raw, input.received, input.quota) };
}

/** Answers to one questionnaire version: its definition, its tallies and how many responses used it. */
export type VersionTallies = { definition: FormDefinition; tallies: Tally[]; responses: number };

/**
 * A unit's score when its responses answered several versions of the questionnaire: each version's responses
 * are scored with that version's points and fractions, and the raw scores are averaged weighted by responses.
 * maxPoints is the newest version's (the last part).
 */
export function scoreUnitFormAcrossVersions(parts: VersionTallies[], quota: number): FormScore {
  const received = parts.reduce((sum, p) => sum + p.responses, 0);
  const raw =
    received > 0
      ? parts.reduce(
          (sum, p) =>
            sum +
            (scoreUnitForm({ definition: p.definition, tallies: p.tallies, received: p.responses, quota: 0 })
              .raw *
              p.responses) /
              received,
          0,
        )
      : 0;
  const newest = parts[parts.length - 1];
  return {
    maxPoints: newest ? maxPoints(newest.definition) : 0,
    ...applyQuotaPenalty(raw, received, quota),
  };
}
