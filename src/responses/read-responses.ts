import type { Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { allQuestions, type FormDefinition } from '../forms/definition';
import type { Tally } from '../scoring/score-unit-form';
import {
  DAY_SQL,
  decodeAnswerSheet,
  sheetDay,
  sheetVersion,
  walkAnswerSheet,
  type AnswerSheet,
} from './answer-encoding';

export type StoredResponse = AnswerSheet & { unitId: number; formType: string };

/** Answers of one unit to one questionnaire version: how many responses, and each option's count. */
export type VersionTally = {
  unitId: number;
  formType: string;
  version: number;
  responses: number;
  tallies: Tally[];
};

type SlotRow = { unitId: number; formType: string; content: Buffer };

function filledSlots(db: Db, campaignId: number, unitId?: number): IterableIterator<SlotRow> {
  const unit = unitId === undefined ? '' : 'AND unit_id = :unitId';
  return db.$client
    .prepare(
      `SELECT unit_id AS unitId, form_type AS formType, content FROM response_slots
       WHERE campaign_id = :campaignId ${unit} AND filled = 1`,
    )
    .iterate(unitId === undefined ? { campaignId } : { campaignId, unitId }) as IterableIterator<SlotRow>;
}

function definitionOf(db: Db, campaignId: number, row: SlotRow): FormDefinition {
  const version = sheetVersion(row.content);
  const found = getCachedFormDefinition(db, campaignId, row.formType, version);
  if (!found)
    throw new Error(`no questionnaire ${row.formType} version ${version} in campaign ${campaignId}`);
  return found.definition;
}

/** Every response of a campaign (or of one unit), decoded; in no meaningful order. */
export function readResponses(db: Db, campaignId: number, unitId?: number): StoredResponse[] {
  const out: StoredResponse[] = [];
  for (const row of filledSlots(db, campaignId, unitId)) {
    const sheet = decodeAnswerSheet(definitionOf(db, campaignId, row), row.content);
    out.push({ unitId: row.unitId, formType: row.formType, ...sheet });
  }
  return out;
}

/** Per unit, form type and questionnaire version: responses received and how often each option was chosen. */
export function tallyResponses(db: Db, campaignId: number, unitId?: number): VersionTally[] {
  const groups = new Map<string, { tally: VersionTally; counts: Map<number, number>[] }>();
  for (const row of filledSlots(db, campaignId, unitId)) {
    const definition = definitionOf(db, campaignId, row);
    const version = sheetVersion(row.content);
    const key = `${row.unitId}:${row.formType}:${version}`;
    let group = groups.get(key);
    if (!group) {
      const tally = { unitId: row.unitId, formType: row.formType, version, responses: 0, tallies: [] };
      group = { tally, counts: allQuestions(definition).map(() => new Map()) };
      groups.set(key, group);
    }
    group.tally.responses++;
    const counts = group.counts;
    walkAnswerSheet(definition, row.content, (qi, optionIndex) => {
      const perOption = counts[qi]!;
      perOption.set(optionIndex, (perOption.get(optionIndex) ?? 0) + 1);
    });
  }
  return [...groups.values()].map(({ tally, counts }) => {
    const questions = allQuestions(
      getCachedFormDefinition(db, campaignId, tally.formType, tally.version)!.definition,
    );
    tally.tallies = counts.flatMap((perOption, qi) =>
      [...perOption].map(([optionIndex, count]) => ({ questionId: questions[qi]!.id, optionIndex, count })),
    );
    return tally;
  });
}

/** Responses received per Vietnam day (the day is all a response keeps of its time). */
export function responsesPerDay(db: Db, campaignId: number): { day: string; count: number }[] {
  const rows = db.$client
    .prepare(
      `SELECT ${DAY_SQL} AS day, count(*) AS count FROM response_slots
       WHERE campaign_id = ? AND filled = 1 GROUP BY day`,
    )
    .all(campaignId) as { day: Buffer; count: number }[];
  return rows
    .map((r) => ({ day: sheetDay(r.day), count: r.count }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** How many responses a campaign holds, for one form type or all. */
export function countResponses(db: Db, campaignId: number, formType?: string): number {
  const form = formType === undefined ? '' : 'AND form_type = :formType';
  return db.$client
    .prepare(`SELECT count(*) FROM response_slots WHERE campaign_id = :campaignId ${form} AND filled = 1`)
    .pluck()
    .get(formType === undefined ? { campaignId } : { campaignId, formType }) as number;
}
