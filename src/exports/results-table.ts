import type { Db } from '../db/client';
import type { Catalogue } from '../i18n/catalogue';
import { t, translate, type Locale } from '../i18n/messages';
import { explainReduction, getCampaignResults, type CampaignResults } from '../campaigns/campaign-results';
import {
  countsTowardSurvey as counts,
  getIndexRanking,
  surveyMaxOf,
  type RankedUnit,
} from '../campaigns/index-ranking';
import type { Cell, CsvDialect, Table } from './tabular';

/** Scores keep full precision in the database; exports carry 4 decimals (shown with 2 in XLSX), pages show 2. */
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;
const round4OrNull = (n: number | null) => (n === null ? null : round4(n));
const h = (key: keyof Catalogue['results']['exportHeaders']) => t(`results.exportHeaders.${key}`);
const POINTS = '0.00';

/** The results (snapshot once closed, provisional before) as one row per unit × form type, for a CSV. */
export function resultsTable(db: Db, campaignId: number, dialect: CsvDialect = 'standard'): Table {
  return scoresSheet(getCampaignResults(db, campaignId), dialect, false);
}

/**
 * The results workbook: the scores with a total row per unit, then one ranking sheet per unit group (PAR index
 * and rank, docs/DOMAIN.md § Index and ranking); points formatted with 2 decimals.
 */
export function resultsWorkbook(db: Db, campaignId: number): Table[] {
  const results = getCampaignResults(db, campaignId);
  return [
    scoresSheet(results, 'vi', true),
    ...getIndexRanking(db, results).map((g): Table => ({
      sheetName: t(`results.rankingSheets.${g.group}`),
      headers: [
        h('rank'),
        h('unitCode'),
        h('unitName'),
        h('appraised'),
        h('appraisedMax'),
        h('final'),
        h('surveyMax'),
        h('surveyScale'),
        h('surveyPoints'),
        h('index'),
        h('explanation'),
      ],
      formats: ['0', undefined, undefined, POINTS, POINTS, POINTS, POINTS, POINTS, POINTS, POINTS, undefined],
      rows: g.units.map((u) => [
        u.rank,
        u.unitCode,
        u.unitName,
        round4OrNull(u.appraised),
        round4OrNull(u.appraisedMax),
        round4(u.final),
        round4(u.surveyMax),
        g.scale,
        round4(u.surveyPoints),
        round4OrNull(u.index),
        rankingExplanation(u),
      ]),
    })),
  ];
}

/** The survey penalty of every form type of the unit, and a word for a unit left unranked. */
export function rankingExplanation(u: RankedUnit, locale: Locale = 'vi'): string {
  const parts = u.forms.filter(counts).map((f) => explainReduction(f, locale));
  if (u.appraised === null) parts.push(translate(locale, 'results.noAppraised'));
  return parts.join('; ');
}

function scoresSheet(results: CampaignResults, dialect: CsvDialect, unitTotals: boolean): Table {
  const formName = new Map(results.formTypes.map((f) => [f.code, f.name]));
  const rows: Cell[][] = [];
  const boldRows: number[] = [];
  for (const g of results.groups) {
    for (const u of g.units) {
      for (const s of u.forms) {
        rows.push([
          t(`groups.${s.unitGroup}`),
          s.unitCode,
          s.unitName,
          formName.get(s.formType) ?? s.formType,
          s.definitionVersion,
          s.received,
          s.quota,
          round4(s.maxPoints),
          round4(s.raw),
          round4(s.final),
          round4(s.reduction),
          explainReduction(s, 'vi', dialect === 'vi'),
        ]);
      }
      if (!unitTotals) continue;
      boldRows.push(rows.length);
      rows.push([
        t(`groups.${u.unitGroup}`),
        u.unitCode,
        u.unitName,
        h('unitTotal'),
        null,
        u.received,
        u.quota,
        round4(surveyMaxOf(u.forms)),
        round4(u.raw),
        round4(u.final),
        round4(u.reduction),
        null,
      ]);
    }
  }
  return {
    sheetName: 'Ket qua',
    headers: [
      h('group'),
      h('unitCode'),
      h('unitName'),
      h('formType'),
      h('definitionVersion'),
      h('received'),
      h('quota'),
      h('maxPoints'),
      h('raw'),
      h('final'),
      h('reduction'),
      h('explanation'),
    ],
    formats: [
      undefined,
      undefined,
      undefined,
      undefined,
      '0',
      '#,##0',
      '#,##0',
      POINTS,
      POINTS,
      POINTS,
      POINTS,
    ],
    rows,
    boldRows,
  };
}
