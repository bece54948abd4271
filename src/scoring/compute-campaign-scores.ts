import type Database from 'better-sqlite3';
import { perConnection, type Db } from '../db/client';
import type { UnitGroup } from '../db/schema';
import { getFormDefinition, type VersionedDefinition } from '../forms/get-form-definition';
import {
  scoreUnitFormAcrossVersions,
  type FormScore,
  type Tally,
  type VersionTallies,
} from './score-unit-form';

/** One unit's score for one form type: a live computation or a row of the snapshot frozen at close. */
export type UnitFormScore = FormScore & {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: UnitGroup;
  formType: string;
  /** The newest questionnaire version the unit's responses answered (the latest one when none arrived). */
  definitionVersion: number;
  received: number;
  quota: number;
};

type PairRow = {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: UnitGroup;
  formType: string;
  quota: number;
};
type VersionCountRow = { unitId: number; formType: string; version: number; responses: number };
type TallyRow = Tally & { unitId: number };
type VersionTallyRow = TallyRow & { version: number };

/**
 * Scores every unit of a campaign (or just one) for every form type it has a quota or responses for, from the
 * stored responses (the respondent flow accepts none after a unit's deadline or the close, so all of them
 * count). Pure read; closeCampaign stores the result.
 */
export function computeCampaignScores(db: Db, campaignId: number, unitId?: number): UnitFormScore[] {
  const stmts = statements(db, unitId !== undefined);
  const params = unitId === undefined ? { campaignId } : { campaignId, unitId };
  const pairs = stmts.pairs.all(params) as PairRow[];
  const versionCounts = stmts.versionCounts.all(params) as VersionCountRow[];

  const definitions = new Map<string, VersionedDefinition>();
  const definition = (formType: string, version?: number): VersionedDefinition | null => {
    const key = `${formType}:${version ?? 'latest'}`;
    if (!definitions.has(key)) {
      const found = getFormDefinition(db, campaignId, formType, version);
      if (found) definitions.set(key, found);
    }
    return definitions.get(key) ?? null;
  };

  // Parts per "unitId:formType", one per answered version, oldest first.
  const parts = new Map<string, Array<VersionTallies & { version: number }>>();
  const formTypes = [...new Set(pairs.map((p) => p.formType))];
  for (const formType of formTypes) {
    const counts = versionCounts.filter((c) => c.formType === formType);
    const versions = [...new Set(counts.map((c) => c.version))];
    if (versions.length === 0) continue;
    const tallies =
      versions.length === 1
        ? // The common case: one covering-index scan, no join; every tally belongs to the one version.
          (stmts.tallies.all({ ...params, formType }) as TallyRow[]).map((t) => ({
            ...t,
            version: versions[0]!,
          }))
        : (stmts.versionTallies.all({ ...params, formType }) as VersionTallyRow[]);
    const tallyIndex = new Map<string, Tally[]>();
    for (const t of tallies) {
      const key = `${t.unitId}:${t.version}`;
      const list = tallyIndex.get(key);
      const tally = { questionId: t.questionId, optionIndex: t.optionIndex, count: t.count };
      if (list) list.push(tally);
      else tallyIndex.set(key, [tally]);
    }
    for (const c of counts) {
      const def = definition(formType, c.version);
      if (!def) continue;
      const key = `${c.unitId}:${formType}`;
      const list = parts.get(key) ?? [];
      list.push({
        version: c.version,
        definition: def.definition,
        responses: c.responses,
        tallies: tallyIndex.get(`${c.unitId}:${c.version}`) ?? [],
      });
      parts.set(key, list);
    }
  }

  return pairs.map((pair) => {
    const unitParts = (parts.get(`${pair.unitId}:${pair.formType}`) ?? []).sort(
      (a, b) => a.version - b.version,
    );
    const latest = definition(pair.formType);
    const scoredParts: Array<VersionTallies & { version: number }> =
      unitParts.length > 0
        ? unitParts
        : latest
          ? [{ version: latest.version, definition: latest.definition, responses: 0, tallies: [] }]
          : [];
    const score = scoreUnitFormAcrossVersions(scoredParts, pair.quota);
    return {
      ...pair,
      definitionVersion: scoredParts[scoredParts.length - 1]?.version ?? 0,
      received: unitParts.reduce((sum, p) => sum + p.responses, 0),
      ...score,
    };
  });
}

const prepareScoring = (c: Database.Database, oneUnit: boolean) => {
  const unit = (column: string) => (oneUnit ? `and ${column} = :unitId` : '');
  return {
    pairs: c.prepare(pairsSql(unit('unit_id'))),
    versionCounts: c.prepare(versionCountsSql(unit('unit_id'))),
    tallies: c.prepare(tallySql(unit('unit_id'))),
    versionTallies: c.prepare(versionTallySql(unit('a.unit_id'))),
  };
};
const campaignStatements = perConnection((c) => prepareScoring(c, false));
const unitStatements = perConnection((c) => prepareScoring(c, true));
function statements(db: Db, oneUnit: boolean) {
  return oneUnit ? unitStatements(db) : campaignStatements(db);
}

const pairsSql = (unitFilter: string) => `
  with pairs as (
    select unit_id, form_type from unit_quotas where campaign_id = :campaignId ${unitFilter}
    union
    select distinct unit_id, form_type from responses where campaign_id = :campaignId ${unitFilter}
  )
  select u.id as unitId, u.code as unitCode, u.name as unitName, u."group" as unitGroup,
    p.form_type as formType, coalesce(q.quota, 0) as quota
  from pairs p
  join units u on u.id = p.unit_id
  join form_types ft on ft.code = p.form_type
  left join unit_quotas q on q.campaign_id = :campaignId and q.unit_id = p.unit_id and q.form_type = p.form_type
  order by u."group", u.code, ft.sort_order
`;

// Reads only the covering index responses_counts.
const versionCountsSql = (unitFilter: string) => `
  select unit_id as unitId, form_type as formType, definition_version as version, count(*) as responses
  from responses where campaign_id = :campaignId ${unitFilter}
  group by unit_id, form_type, definition_version
`;

// Reads only the covering index response_answers_tally.
const tallySql = (unitFilter: string) => `
  select unit_id as unitId, question_id as questionId, option_index as optionIndex, count(*) as count
  from response_answers
  where campaign_id = :campaignId and form_type = :formType ${unitFilter}
  group by unit_id, question_id, option_index
`;

// Only for a form type whose questionnaire changed after answers arrived: the version lives on the response.
const versionTallySql = (unitFilter: string) => `
  select a.unit_id as unitId, r.definition_version as version, a.question_id as questionId,
    a.option_index as optionIndex, count(*) as count
  from response_answers a join responses r on r.id = a.response_id
  where a.campaign_id = :campaignId and a.form_type = :formType ${unitFilter}
  group by a.unit_id, r.definition_version, a.question_id, a.option_index
`;
