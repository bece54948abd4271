import type { Db } from '../db/client';
import { responseAnswers, responses } from '../db/schema';
import { newRandomId } from '../invitations/token';
import { vnDay } from '../time';

/** A chosen option (optionIndex >= 0) or a free-text answer (optionIndex = -1 with textValue). */
export type AnswerRow = { questionId: string; optionIndex: number; textValue?: string | null };

export type AnonymousResponse = {
  campaignId: number;
  unitId: number;
  formType: string;
  definitionVersion: number;
  answers: AnswerRow[];
};

/**
 * Stores a response with no link to its respondent: random id, the Vietnam day only (DESIGN.md, Anonymity).
 * Call inside the transaction that marks the invitation answered.
 */
export function storeResponse(db: Db, response: AnonymousResponse, now: number): string {
  const id = newRandomId();
  db.insert(responses)
    .values({
      id,
      campaignId: response.campaignId,
      unitId: response.unitId,
      formType: response.formType,
      definitionVersion: response.definitionVersion,
      submittedOn: vnDay(now),
    })
    .run();
  if (response.answers.length > 0) {
    db.insert(responseAnswers)
      .values(
        response.answers.map((a) => ({
          responseId: id,
          campaignId: response.campaignId,
          unitId: response.unitId,
          formType: response.formType,
          questionId: a.questionId,
          optionIndex: a.optionIndex,
          textValue: a.textValue ?? null,
        })),
      )
      .run();
  }
  return id;
}
