import type { Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { allQuestions } from '../forms/definition';
import { startOfVnDay } from '../time';
import { storeResponse, type AnswerRow } from './store-response';

type LegacyResponse = {
  id: string;
  campaignId: number;
  unitId: number;
  formType: string;
  version: number;
  day: string;
};

/**
 * Moves the responses of a database from before answer slots (one row per response and per answer, kept by
 * migration 0002 as legacy_responses and legacy_response_answers) into slots, drops the old tables and
 * rewrites the file: the old pages ordered the answers by arrival (docs/DOMAIN.md § Anonymity and personal
 * data). Answers to questions their questionnaire version does not have could never be shown or scored and
 * are not carried over. Does nothing on a database without the old tables.
 */
export function convertLegacyResponses(db: Db): void {
  const sqlite = db.$client;
  const legacy = sqlite.prepare(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'legacy_responses'",
  );
  if (!legacy.get()) return;
  const answersOf = sqlite.prepare(
    `SELECT question_id AS questionId, option_index AS optionIndex, text_value AS textValue
     FROM legacy_response_answers WHERE response_id = ?`,
  );
  sqlite.transaction(() => {
    // In random order, so that not even the order of conversion follows the old one.
    const responses = sqlite
      .prepare(
        `SELECT id, campaign_id AS campaignId, unit_id AS unitId, form_type AS formType,
           definition_version AS version, submitted_on AS day
         FROM legacy_responses ORDER BY random()`,
      )
      .all() as LegacyResponse[];
    for (const r of responses) {
      const form = getCachedFormDefinition(db, r.campaignId, r.formType, r.version);
      if (!form) throw new Error(`response ${r.id}: no questionnaire ${r.formType} version ${r.version}`);
      const known = new Set(allQuestions(form.definition).map((q) => q.id));
      const answers = (answersOf.all(r.id) as AnswerRow[]).filter((a) => known.has(a.questionId));
      storeResponse(
        db,
        {
          campaignId: r.campaignId,
          unitId: r.unitId,
          formType: r.formType,
          definitionVersion: r.version,
          answers,
        },
        startOfVnDay(r.day),
      );
    }
    sqlite.exec('DROP TABLE legacy_response_answers; DROP TABLE legacy_responses;');
  })();
  sqlite.exec('VACUUM');
}
