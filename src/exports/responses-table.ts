import type { Db } from '../db/client';
import { allQuestions, type FormQuestion } from '../forms/definition';
import { getFormDefinition } from '../forms/get-form-definition';
import { getCampaign } from '../campaigns/campaigns';
import type { Catalogue } from '../i18n/catalogue';
import { readResponses, type StoredResponse } from '../responses/read-responses';
import { t } from '../i18n/messages';
import type { Cell, Table } from './tabular';

/**
 * Every response of a campaign, one row each: unit, form type, day and one column per question with the chosen
 * option label(s) or the text. Anonymous: nothing about respondents, no id, no time of day. Groups too small to
 * hide anyone (docs/DOMAIN.md § Anonymity and personal data; the campaign's minGroupSize, k) are held back: the
 * responses of a unit, form type and questionnaire version fewer than k are left out, and a day shared by fewer
 * than k of them is left blank (with as many other days as it takes to blank at least k rows).
 */
export function responsesTable(db: Db, campaignId: number): Table {
  const campaign = getCampaign(db, campaignId);
  const units = new Map(
    (db.$client.prepare('select id, code, name from units').all() as UnitRow[]).map((u) => [u.id, u]),
  );
  const responses = shownResponses(readResponses(db, campaignId), campaign.minGroupSize)
    .map((r) => ({ ...r, unit: units.get(r.unitId)! }))
    .sort(
      (a, b) =>
        a.unit.code.localeCompare(b.unit.code) ||
        a.formType.localeCompare(b.formType) ||
        (a.shownDay ?? '').localeCompare(b.shownDay ?? ''),
    );

  const definitions = new Map<string, Map<string, FormQuestion>>();
  const questionsOf = (formType: string, version: number) => {
    const key = `${formType}:${version}`;
    let byId = definitions.get(key);
    if (!byId) {
      const def = getFormDefinition(db, campaignId, formType, version);
      byId = new Map(def ? allQuestions(def.definition).map((q) => [q.id, q]) : []);
      definitions.set(key, byId);
    }
    return byId;
  };

  // Columns: each form type's questions in the order of its newest version answered, then any older extras.
  const columns: Array<{ formType: string; question: FormQuestion }> = [];
  const seen = new Set<string>();
  const answeredVersions = [...new Set(responses.map((r) => `${r.formType}:${r.version}`))]
    .map((key) => {
      const [formType, version] = key.split(':');
      return { formType: formType!, version: Number(version) };
    })
    .sort((a, b) => a.formType.localeCompare(b.formType) || b.version - a.version);
  for (const { formType, version } of answeredVersions) {
    for (const question of questionsOf(formType, version).values()) {
      const key = `${formType}:${question.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push({ formType, question });
    }
  }
  const columnIndex = new Map(columns.map((c, i) => [`${c.formType}:${c.question.id}`, i]));

  const h = (key: keyof Catalogue['results']['exportHeaders']) => t(`results.exportHeaders.${key}`);
  return {
    sheetName: 'Phieu tra loi',
    headers: [
      h('unitCode'),
      h('unitName'),
      h('formType'),
      h('day'),
      ...columns.map((c) => `${c.question.text} [${c.formType}.${c.question.id}]`),
    ],
    rows: responses.map((r) => {
      const cells: string[][] = columns.map(() => []);
      const questions = questionsOf(r.formType, r.version);
      for (const a of r.answers) {
        const index = columnIndex.get(`${r.formType}:${a.questionId}`);
        if (index === undefined) continue;
        const label =
          a.optionIndex < 0
            ? (a.textValue ?? '')
            : (questions.get(a.questionId)?.options[a.optionIndex]?.label ?? String(a.optionIndex));
        cells[index]!.push(label);
      }
      const row: Cell[] = [r.unit.code, r.unit.name, r.formType, r.shownDay];
      return row.concat(cells.map((c) => (c.length > 0 ? c.join('; ') : null)));
    }),
  };
}

type UnitRow = { id: number; code: string; name: string };

/** The responses that may be shown, each with its day or null where the day must stay hidden. */
function shownResponses(
  all: StoredResponse[],
  minGroup: number,
): Array<StoredResponse & { shownDay: string | null }> {
  const groups = new Map<string, StoredResponse[]>();
  for (const r of all) {
    const key = `${r.unitId}:${r.formType}:${r.version}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .filter((group) => group.length >= minGroup)
    .flatMap((group) => {
      const byDay = new Map<string, StoredResponse[]>();
      for (const r of group) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
      const days = [...byDay.entries()].sort((a, b) => a[1].length - b[1].length);
      const hidden = new Set<string>();
      let hiddenRows = 0;
      for (const [day, rows] of days) {
        // A small day is blanked; so are the next smallest until the blanked rows are not themselves a small group.
        if (rows.length >= minGroup && (hiddenRows === 0 || hiddenRows >= minGroup)) break;
        hidden.add(day);
        hiddenRows += rows.length;
      }
      return group.map((r) => ({ ...r, shownDay: hidden.has(r.day) ? null : r.day }));
    });
}
