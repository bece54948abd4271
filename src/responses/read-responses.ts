import { perConnection, type Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { allQuestions, type FormDefinition } from '../forms/definition';
import {
  COUNTED_SQL,
  DAY_SQL,
  decodeAnswerSheet,
  sheetDay,
  sheetVersion,
  walkAnswerSheet,
  type AnswerSheet,
} from './answer-encoding';

/** How many times one option of one question was chosen (optionIndex -1 counts free-text answers). */
export type Tally = { questionId: string; optionIndex: number; count: number };

export type StoredResponse = AnswerSheet & { unitId: number; formType: string };

/** Answers of one unit to one questionnaire version: how many responses, and each option's count. */
export type VersionTally = {
  unitId: number;
  formType: string;
  version: number;
  responses: number;
  tallies: Tally[];
};

type SlotRow = [unitId: number, formType: string, content: Buffer];

const filledSlotStatements = perConnection((c) => ({
  // A whole campaign: one pass over the table, cheaper than a lookup per slot through the pool index (slots are
  // appended, so a campaign's slots lie together anyway).
  campaign: c
    .prepare(
      `SELECT unit_id, form_type, content FROM response_slots NOT INDEXED
       WHERE campaign_id = ? AND filled = 1 AND ${COUNTED_SQL}`,
    )
    .raw(),
  unit: c
    .prepare(
      `SELECT unit_id, form_type, content FROM response_slots
       WHERE campaign_id = ? AND unit_id = ? AND filled = 1 AND ${COUNTED_SQL}`,
    )
    .raw(),
}));

function filledSlots(db: Db, campaignId: number, unitId?: number): IterableIterator<SlotRow> {
  const s = filledSlotStatements(db);
  return (
    unitId === undefined ? s.campaign.iterate(campaignId) : s.unit.iterate(campaignId, unitId)
  ) as IterableIterator<SlotRow>;
}

function definitionOf(db: Db, campaignId: number, formType: string, version: number): FormDefinition {
  const found = getCachedFormDefinition(db, campaignId, formType, version);
  if (!found) throw new Error(`no questionnaire ${formType} version ${version} in campaign ${campaignId}`);
  return found.definition;
}

/** Every counted response of a campaign (or of one unit), decoded; in no meaningful order. */
export function readResponses(db: Db, campaignId: number, unitId?: number): StoredResponse[] {
  const out: StoredResponse[] = [];
  for (const [unit, formType, content] of filledSlots(db, campaignId, unitId)) {
    const sheet = decodeAnswerSheet(definitionOf(db, campaignId, formType, sheetVersion(content)), content);
    out.push({ unitId: unit, formType, ...sheet });
  }
  return out;
}

/** Per unit, form type and questionnaire version: responses received and how often each option was chosen. */
export function tallyResponses(db: Db, campaignId: number, unitId?: number): VersionTally[] {
  // Per unit, form type and version: the count, and per question a counter per option (index 0: free text).
  type Group = { tally: VersionTally; definition: FormDefinition; counts: Int32Array[] };
  const groups = new Map<string, Group>();
  let counts: Int32Array[] = [];
  const count = (questionIndex: number, optionIndex: number) => counts[questionIndex]![optionIndex + 1]!++;
  for (const [unit, formType, content] of filledSlots(db, campaignId, unitId)) {
    const version = sheetVersion(content);
    const key = `${unit}:${formType}:${version}`;
    let group = groups.get(key);
    if (!group) {
      const definition = definitionOf(db, campaignId, formType, version);
      const tally = { unitId: unit, formType, version, responses: 0, tallies: [] };
      const questions = allQuestions(definition);
      group = { tally, definition, counts: questions.map((q) => new Int32Array(q.options.length + 1)) };
      groups.set(key, group);
    }
    group.tally.responses++;
    counts = group.counts;
    walkAnswerSheet(group.definition, content, count);
  }
  return [...groups.values()].map(({ tally, definition, counts: perQuestion }) => {
    const questions = allQuestions(definition);
    tally.tallies = perQuestion.flatMap((perOption, qi) =>
      [...perOption].flatMap((n, i) =>
        n > 0 ? [{ questionId: questions[qi]!.id, optionIndex: i - 1, count: n }] : [],
      ),
    );
    return tally;
  });
}

/** Responses received per Vietnam day (the day is all a response keeps of its time). */
export function responsesPerDay(db: Db, campaignId: number): { day: string; count: number }[] {
  const rows = db.$client
    .prepare(
      `SELECT ${DAY_SQL} AS day, count(*) AS count FROM response_slots
       WHERE campaign_id = ? AND filled = 1 AND ${COUNTED_SQL} GROUP BY day`,
    )
    .all(campaignId) as { day: Buffer; count: number }[];
  return rows
    .map((r) => ({ day: sheetDay(r.day), count: r.count }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** How many responses a campaign holds (held ones aside), for one form type or all. */
export function countResponses(db: Db, campaignId: number, formType?: string): number {
  const form = formType === undefined ? '' : 'AND form_type = :formType';
  return db.$client
    .prepare(
      `SELECT count(*) FROM response_slots WHERE campaign_id = :campaignId ${form} AND filled = 1 AND ${COUNTED_SQL}`,
    )
    .pluck()
    .get(formType === undefined ? { campaignId } : { campaignId, formType }) as number;
}
