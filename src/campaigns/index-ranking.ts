import type { Db } from '../db/client';
import type { UnitGroup } from '../db/schema';
import type { CampaignResults, UnitResult } from './campaign-results';
import type { UnitFormScore } from '../scoring/compute-campaign-scores';
import { getReportSettings } from './report-settings';

/** A unit's place in the PAR index of its group (docs/DOMAIN.md § Index and ranking). */
export type RankedUnit = UnitResult & {
  /** The most the unit's survey sub-score could be: Σ points of the form types it has a quota or answers for. */
  surveyMax: number;
  /** The sub-score mapped onto the group's scale: scale × final / surveyMax. */
  surveyPoints: number;
  /** Null when no appraised points were imported for the unit: it has no index and no rank. */
  appraised: number | null;
  appraisedMax: number | null;
  index: number | null;
  rank: number | null;
};

export type GroupRanking = { group: UnitGroup; scale: number; units: RankedUnit[] };

export type AppraisedPoints = { unitId: number; appraised: number; appraisedMax: number | null };

/** The appraised self-assessment points imported for a campaign, per unit. */
export function getAppraisedPoints(db: Db, campaignId: number): AppraisedPoints[] {
  return db.$client
    .prepare(
      `select unit_id as unitId, appraised, appraised_max as appraisedMax
       from index_points where campaign_id = ?`,
    )
    .all(campaignId) as AppraisedPoints[];
}

/**
 * The index of every unit of the results (frozen once closed, provisional before) and its rank within its
 * group: highest index first, equal indexes (to the 2 decimals shown) share a rank and the next rank skips
 * (1, 2, 2, 4); units without appraised points follow, unranked.
 */
export function rankUnits(
  results: Pick<CampaignResults, 'groups'>,
  appraised: AppraisedPoints[],
  scale: Record<UnitGroup, number>,
): GroupRanking[] {
  const byUnit = new Map(appraised.map((p) => [p.unitId, p]));
  return results.groups.map(({ group, units }) => {
    const ranked = units.map((u): RankedUnit => {
      const surveyMax = surveyMaxOf(u.forms);
      const surveyPoints = surveyMax > 0 ? (scale[group] * u.final) / surveyMax : 0;
      const points = byUnit.get(u.unitId);
      return {
        ...u,
        surveyMax,
        surveyPoints,
        appraised: points?.appraised ?? null,
        appraisedMax: points?.appraisedMax ?? null,
        index: points ? points.appraised + surveyPoints : null,
        rank: null,
      };
    });
    const shown = (u: RankedUnit) => Math.round(u.index! * 100);
    const withIndex = ranked.filter((u) => u.index !== null).sort((a, b) => shown(b) - shown(a));
    withIndex.forEach((u, i) => {
      const previous = withIndex[i - 1];
      u.rank = previous && shown(previous) === shown(u) ? previous.rank : i + 1;
    });
    return { group, scale: scale[group], units: [...withIndex, ...ranked.filter((u) => u.index === null)] };
  });
}

/** A form type counts toward a unit's survey maximum when the unit has a quota or answers for it. */
export const countsTowardSurvey = (f: Pick<UnitFormScore, 'quota' | 'received'>) =>
  f.quota > 0 || f.received > 0;

/** The most a unit's survey sub-score could be: Σ points of the form types that count toward it. */
export function surveyMaxOf(forms: UnitFormScore[]): number {
  return forms.filter(countsTowardSurvey).reduce((sum, f) => sum + f.maxPoints, 0);
}

/** rankUnits over a campaign's stored appraised points and scale. */
export function getIndexRanking(db: Db, results: CampaignResults): GroupRanking[] {
  const campaignId = results.campaign.id;
  return rankUnits(
    results,
    getAppraisedPoints(db, campaignId),
    getReportSettings(db, campaignId).surveyPoints,
  );
}
