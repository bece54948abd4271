import { perConnection, type Db } from '../db/client';
import type { UnitGroup } from '../db/schema';
import { getFormDefinition, type VersionedDefinition } from '../forms/get-form-definition';
import { tallyResponses } from '../responses/read-responses';
import { scoreUnitFormAcrossVersions, type FormScore, type VersionTallies } from './score-unit-form';

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

/**
 * Scores every unit of a campaign (or just one) for every form type it has a quota or responses for, from the
 * stored responses (the respondent flow accepts none after a unit's deadline or the close, so all of them
 * count). Pure read; closeCampaign stores the result.
 */
export function computeCampaignScores(db: Db, campaignId: number, unitId?: number): UnitFormScore[] {
  const pairsStatement = unitId === undefined ? campaignPairs(db) : unitPairs(db);
  const pairs = pairsStatement.all(
    unitId === undefined ? { campaignId } : { campaignId, unitId },
  ) as PairRow[];

  const definitions = new Map<string, VersionedDefinition>();
  const definition = (formType: string, version?: number): VersionedDefinition | null => {
    const key = `${formType}:${version ?? 'latest'}`;
    if (!definitions.has(key)) {
      const found = getFormDefinition(db, campaignId, formType, version);
      if (found) definitions.set(key, found);
    }
    return definitions.get(key) ?? null;
  };

  // Parts per "unitId:formType", one per answered version.
  const parts = new Map<string, Array<VersionTallies & { version: number }>>();
  for (const t of tallyResponses(db, campaignId, unitId)) {
    const def = definition(t.formType, t.version);
    if (!def) continue;
    const key = `${t.unitId}:${t.formType}`;
    const list = parts.get(key) ?? [];
    list.push({ version: t.version, definition: def.definition, responses: t.responses, tallies: t.tallies });
    parts.set(key, list);
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

// Every unit and form type with a quota or a response.
const pairsSql = (unitFilter: string) => `
  with pairs as (
    select unit_id, form_type from unit_quotas where campaign_id = :campaignId ${unitFilter}
    union
    select distinct unit_id, form_type from response_slots
    where campaign_id = :campaignId and filled = 1 ${unitFilter}
  )
  select u.id as unitId, u.code as unitCode, u.name as unitName, u."group" as unitGroup,
    p.form_type as formType, coalesce(q.quota, 0) as quota
  from pairs p
  join units u on u.id = p.unit_id
  join form_types ft on ft.code = p.form_type
  left join unit_quotas q on q.campaign_id = :campaignId and q.unit_id = p.unit_id and q.form_type = p.form_type
  order by u."group", u.code, ft.sort_order
`;
const campaignPairs = perConnection((c) => c.prepare(pairsSql('')));
const unitPairs = perConnection((c) => c.prepare(pairsSql('and unit_id = :unitId')));
