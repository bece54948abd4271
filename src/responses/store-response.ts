import { perConnection, type Db } from '../db/client';
import { newRandomId } from '../tokens';
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

// Prepared once per connection: every submission runs these.
const statements = perConnection((c) => ({
  response: c.prepare(
    `INSERT INTO responses (id, campaign_id, unit_id, form_type, definition_version, submitted_on)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  answer: c.prepare(
    `INSERT INTO response_answers (response_id, campaign_id, unit_id, form_type, question_id, option_index, text_value)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
}));

/**
 * Stores a response with no link to its respondent: random id, the Vietnam day only (docs/DOMAIN.md § Anonymity and personal data).
 * Call inside the transaction that marks the invitation answered.
 */
export function storeResponse(db: Db, response: AnonymousResponse, now: number): string {
  const s = statements(db);
  const id = newRandomId();
  const { campaignId, unitId, formType } = response;
  s.response.run(id, campaignId, unitId, formType, response.definitionVersion, vnDay(now));
  for (const a of response.answers) {
    s.answer.run(id, campaignId, unitId, formType, a.questionId, a.optionIndex, a.textValue ?? null);
  }
  return id;
}
