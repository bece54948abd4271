import type { Db } from '../db/client';
import { UNIT_GROUPS, type UnitGroup } from '../db/schema';
import { getCampaign, type Campaign } from './campaigns';
import { AppError } from '../errors';
import { getFormDefinition } from '../forms/get-form-definition';
import { translate, type Locale, type MessageKey, type MessageParams } from '../i18n/messages';
import { computeCampaignScores, type UnitFormScore } from '../scoring/compute-campaign-scores';
import { getScoreSnapshot } from '../scoring/score-snapshot';
import { tallyResponses, type Tally } from '../responses/read-responses';
import { scoreQuestions, type QuestionScore } from '../scoring/score-unit-form';

const naturalOrder = new Intl.Collator('vi', { numeric: true });

export type FormTypeInfo = { code: string; name: string; maxPoints: number };

export type UnitResult = {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: UnitGroup;
  forms: UnitFormScore[];
  received: number;
  quota: number;
  raw: number;
  final: number;
  reduction: number;
};

export const RESULT_SORTS = ['name', 'received', 'raw', 'final', 'reduction'] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];

export type CampaignResults = {
  campaign: Campaign;
  /** True before close: a live computation, not yet frozen. */
  provisional: boolean;
  /** When the shown snapshot was frozen (closed), or when an earlier, now reopened, close froze one. */
  frozenAt: number | null;
  formTypes: FormTypeInfo[];
  scores: UnitFormScore[];
  groups: Array<{ group: UnitGroup; units: UnitResult[] }>;
  totals: Pick<UnitResult, 'received' | 'quota' | 'raw' | 'final' | 'reduction'>;
};

/**
 * The results of a campaign: the frozen snapshot once closed, otherwise a provisional live computation;
 * units grouped by unit group and sorted (by name unless told otherwise).
 */
export function getCampaignResults(
  db: Db,
  campaignId: number,
  sort: { by: ResultSort; descending: boolean } = { by: 'name', descending: false },
): CampaignResults {
  const campaign = getCampaign(db, campaignId);
  const snapshot = getScoreSnapshot(db, campaignId);
  const provisional = campaign.status !== 'closed';
  const scores = provisional ? computeCampaignScores(db, campaignId) : snapshot;
  const units = groupByUnit(scores);
  const groups = UNIT_GROUPS.map((group) => ({
    group,
    units: sortUnits(
      units.filter((u) => u.unitGroup === group),
      sort.by,
      sort.descending,
    ),
  })).filter((g) => g.units.length > 0);
  return {
    campaign,
    provisional,
    frozenAt: snapshot[0]?.computedAt ?? null,
    formTypes: formTypeInfo(db, scores),
    scores,
    groups,
    totals: sumScores(scores),
  };
}

/**
 * "đạt 37/50 phiếu → giảm 26% điểm": why a unit's score for one form type was (or was not) reduced, in the page's
 * language (Vietnamese for exports and the CLI); numbers as that language writes them unless told (a
 * standard CSV writes "26.7%" in Vietnamese text).
 */
export function explainReduction(
  score: Pick<UnitFormScore, 'received' | 'quota'>,
  locale: Locale = 'vi',
  decimalComma = locale === 'vi',
): string {
  const tr = (key: MessageKey, params: MessageParams) => translate(locale, key, params);
  if (score.quota <= 0) return tr('results.explainNoQuota', { received: score.received });
  if (score.received >= score.quota) {
    return tr('results.explainMet', { received: score.received, quota: score.quota });
  }
  const percent = (1 - score.received / score.quota) * 100;
  return tr('results.explainReduced', {
    received: score.received,
    quota: score.quota,
    percent: percent.toLocaleString(decimalComma ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }),
  });
}

export type UnitBreakdown = {
  campaign: Campaign;
  provisional: boolean;
  unit: Pick<UnitResult, 'unitId' | 'unitCode' | 'unitName' | 'unitGroup'>;
  forms: Array<{
    formType: FormTypeInfo;
    score: UnitFormScore;
    /** `questions` is empty when fewer responses than the campaign's minGroupSize answered that version. */
    versions: Array<{ version: number; responses: number; hidden: boolean; questions: QuestionScore[] }>;
  }>;
};

/**
 * Per form type and question: points, how many answered, the options chosen, mean fraction, points earned. A
 * version answered by fewer responses than the campaign's minGroupSize shows no per-question detail: a group
 * that small shows its respondents' own answers (docs/DOMAIN.md § Anonymity and personal data).
 */
export function getUnitBreakdown(db: Db, campaignId: number, unitId: number): UnitBreakdown {
  const campaign = getCampaign(db, campaignId);
  const provisional = campaign.status !== 'closed';
  const scores = provisional
    ? computeCampaignScores(db, campaignId, unitId)
    : getScoreSnapshot(db, campaignId).filter((s) => s.unitId === unitId);
  const first = scores[0];
  if (!first) throw new AppError('not_found', 'results.unitNotFound');
  const formTypes = formTypeInfo(db, scores);
  const answered = tallyResponses(db, campaignId, unitId).sort((a, b) => a.version - b.version);
  return {
    campaign,
    provisional,
    unit: { unitId, unitCode: first.unitCode, unitName: first.unitName, unitGroup: first.unitGroup },
    forms: scores.map((score) => {
      const own = answered.filter((r) => r.formType === score.formType);
      const versions =
        own.length > 0 ? own : [{ version: score.definitionVersion, responses: 0, tallies: [] as Tally[] }];
      return {
        formType: formTypes.find((f) => f.code === score.formType)!,
        score,
        versions: versions.flatMap(({ version, responses, tallies }) => {
          const def = getFormDefinition(db, campaignId, score.formType, version);
          if (!def) return [];
          const hidden = responses > 0 && responses < campaign.minGroupSize;
          return [
            { version, responses, hidden, questions: hidden ? [] : scoreQuestions(def.definition, tallies) },
          ];
        }),
      };
    }),
  };
}

function groupByUnit(scores: UnitFormScore[]): UnitResult[] {
  const byUnit = new Map<number, UnitResult>();
  for (const s of scores) {
    let unit = byUnit.get(s.unitId);
    if (!unit) {
      unit = {
        unitId: s.unitId,
        unitCode: s.unitCode,
        unitName: s.unitName,
        unitGroup: s.unitGroup,
        forms: [],
        received: 0,
        quota: 0,
        raw: 0,
        final: 0,
        reduction: 0,
      };
      byUnit.set(s.unitId, unit);
    }
    unit.forms.push(s);
    Object.assign(unit, sumScores(unit.forms));
  }
  return [...byUnit.values()];
}

function sumScores(scores: Array<Pick<UnitFormScore, 'received' | 'quota' | 'raw' | 'final' | 'reduction'>>) {
  return scores.reduce(
    (sum, s) => ({
      received: sum.received + s.received,
      quota: sum.quota + s.quota,
      raw: sum.raw + s.raw,
      final: sum.final + s.final,
      reduction: sum.reduction + s.reduction,
    }),
    { received: 0, quota: 0, raw: 0, final: 0, reduction: 0 },
  );
}

function sortUnits(units: UnitResult[], by: ResultSort, descending: boolean): UnitResult[] {
  const value = (u: UnitResult): number => {
    if (by === 'received') return u.quota > 0 ? u.received / u.quota : Number.POSITIVE_INFINITY;
    return by === 'name' ? 0 : u[by];
  };
  const sign = descending ? -1 : 1;
  return [...units].sort((a, b) => {
    // Natural order: "Phường 2" before "Phường 10".
    const order = by === 'name' ? naturalOrder.compare(a.unitName, b.unitName) : value(a) - value(b) || 0;
    return sign * order || naturalOrder.compare(a.unitCode, b.unitCode);
  });
}

function formTypeInfo(db: Db, scores: UnitFormScore[]): FormTypeInfo[] {
  const rows = db.$client
    .prepare('select code, name from form_types order by sort_order, code')
    .all() as Array<{
    code: string;
    name: string;
  }>;
  const used = new Set(scores.map((s) => s.formType));
  return rows
    .filter((r) => used.has(r.code))
    .map((r) => ({ ...r, maxPoints: scores.find((s) => s.formType === r.code)!.maxPoints }));
}
