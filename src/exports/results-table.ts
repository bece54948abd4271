import type { Db } from '../db/client';
import type { Catalogue } from '../i18n/catalogue';
import { t } from '../i18n/messages';
import { explainReduction, getCampaignResults } from '../campaigns/campaign-results';
import type { Table } from './tabular';

/** Scores keep full precision in the database; exports carry 4 decimals, pages show 2. */
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** The results (snapshot once closed, provisional before) as one row per unit × form type. */
export function resultsTable(db: Db, campaignId: number): Table {
  const results = getCampaignResults(db, campaignId);
  const formName = new Map(results.formTypes.map((f) => [f.code, f.name]));
  const h = (key: keyof Catalogue['results']['exportHeaders']) => t(`results.exportHeaders.${key}`);
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
    rows: results.groups.flatMap((g) =>
      g.units.flatMap((u) =>
        u.forms.map((s) => [
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
          explainReduction(s),
        ]),
      ),
    ),
  };
}
