import type { Db } from '../../src/db/client';
import { allQuestions } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { storeResponse, type AnswerRow } from '../../src/responses/store-response';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { makeCampaign, makeUnit } from './factories';
import { writeCsv } from './import-files';

/** A small deterministic pseudo-random generator (mulberry32), so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers to every required question of the campaign's current questionnaire (optional ones sometimes). */
export function randomAnswers(
  db: Db,
  campaignId: number,
  formType: string,
  random: () => number,
  text?: string,
): { definitionVersion: number; answers: AnswerRow[] } {
  const def = getFormDefinition(db, campaignId, formType)!;
  const answers: AnswerRow[] = [];
  for (const q of allQuestions(def.definition)) {
    if (!q.required && random() < 0.3) continue;
    if (q.kind === 'text') {
      if (text !== undefined) answers.push({ questionId: q.id, optionIndex: -1, textValue: text });
    } else if (q.kind === 'single') {
      answers.push({ questionId: q.id, optionIndex: Math.floor(random() * q.options.length) });
    } else {
      const picked = q.options.map((_, i) => i).filter(() => random() < 0.4);
      for (const i of picked.length > 0 ? picked : [0]) answers.push({ questionId: q.id, optionIndex: i });
    }
  }
  return { definitionVersion: def.version, answers };
}

/**
 * An open campaign with one unit in each group: SNV (cbcc 4 received 4 of quota 4, hdnd 1 of 2), UBND_CT (cbcc 2
 * of 4), DVSN (quota 0, 3 received), CQTW (cbcc quota 5, nothing received).
 */
export function seedScoredCampaign(
  db: Db,
  now: number,
  opts: { freeText?: string; minGroupSize?: number } = {},
) {
  const random = seededRandom(2019);
  const campaign = makeCampaign(db, { now, minGroupSize: opts.minGroupSize });
  const units = {
    snv: makeUnit(db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ', quotas: { cbcc: 4, hdnd: 2 } }),
    ubnd: makeUnit(db, campaign.id, {
      code: 'UBND_CT',
      name: 'UBND huyện Châu Thành',
      group: 'ubnd_huyen',
      quotas: { cbcc: 4 },
    }),
    dvsn: makeUnit(db, campaign.id, {
      code: 'DVSN',
      name: 'Trường Cao đẳng Cộng đồng',
      group: 'dvsn',
      quotas: { cbcc: 0 },
    }),
    cqtw: makeUnit(db, campaign.id, {
      code: 'CQTW',
      name: 'Kho bạc Nhà nước tỉnh',
      group: 'co_quan_tw',
      quotas: { cbcc: 5 },
    }),
  };
  const answer = (unitId: number, formType: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const a = randomAnswers(db, campaign.id, formType, random, opts.freeText);
      storeResponse(db, { campaignId: campaign.id, unitId, formType, ...a }, now);
    }
  };
  answer(units.snv.id, 'cbcc', 4);
  answer(units.snv.id, 'hdnd', 1);
  answer(units.ubnd.id, 'cbcc', 2);
  answer(units.dvsn.id, 'cbcc', 3);
  return { campaign, units, random, answer };
}

/**
 * Imports appraised points (a CSV of these lines, header first) into the campaign and closes it: the frozen
 * results with a ranking. Returns the import report.
 */
export async function importPointsAndClose(
  db: Db,
  dir: string,
  campaignId: number,
  lines: string[],
  now: number,
) {
  const filePath = writeCsv(dir, 'diem.csv', lines);
  const input = { campaignId, kind: 'points' as const, filePath, fileName: 'diem.csv' };
  const report = orThrow(await commitImport(db, input, SYSTEM_ACTOR, now));
  orThrow(closeCampaign(db, { campaignId }, SYSTEM_ACTOR, now + 1000));
  return report;
}
