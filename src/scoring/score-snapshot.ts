import { perConnection, type Db } from '../db/client';
import type { UnitFormScore } from './compute-campaign-scores';

/** The scores frozen at the campaign's last close, in the same order as computeCampaignScores. */
export function getScoreSnapshot(db: Db, campaignId: number): Array<UnitFormScore & { computedAt: number }> {
  return snapshotStatement(db).all({ campaignId }) as Array<UnitFormScore & { computedAt: number }>;
}

/** Replaces the campaign's snapshot with these scores; call inside the closing transaction. */
export function storeScoreSnapshot(db: Db, campaignId: number, scores: UnitFormScore[], now: number): void {
  db.$client.prepare('delete from score_snapshots where campaign_id = ?').run(campaignId);
  const insert = db.$client.prepare(INSERT_SQL);
  for (const s of scores) {
    insert.run({
      campaignId,
      unitId: s.unitId,
      formType: s.formType,
      definitionVersion: s.definitionVersion,
      received: s.received,
      quota: s.quota,
      maxPoints: s.maxPoints,
      raw: s.raw,
      final: s.final,
      reduction: s.reduction,
      computedAt: now,
    });
  }
}

const INSERT_SQL = `
  insert into score_snapshots (campaign_id, unit_id, form_type, definition_version, received, quota,
    max_points, raw, final, reduction, computed_at)
  values (:campaignId, :unitId, :formType, :definitionVersion, :received, :quota,
    :maxPoints, :raw, :final, :reduction, :computedAt)
`;

const SNAPSHOT_SQL = `
  select u.id as unitId, u.code as unitCode, u.name as unitName, u."group" as unitGroup,
    s.form_type as formType, s.definition_version as definitionVersion, s.received, s.quota,
    s.max_points as maxPoints, s.raw, s.final, s.reduction, s.computed_at as computedAt
  from score_snapshots s
  join units u on u.id = s.unit_id
  join form_types ft on ft.code = s.form_type
  where s.campaign_id = :campaignId
  order by u."group", u.code, ft.sort_order
`;

const snapshotStatement = perConnection((c) => c.prepare(SNAPSHOT_SQL));
