import type { Db } from '../db/client';
import { allQuestions, type FormQuestion } from '../forms/definition';
import { getFormDefinition } from '../forms/get-form-definition';
import { getCampaign } from '../campaigns/campaigns';
import type { Catalogue } from '../i18n/catalogue';
import { t } from '../i18n/messages';
import type { Cell, Table } from './tabular';

type ResponseRow = {
  id: string;
  unitCode: string;
  unitName: string;
  formType: string;
  version: number;
  day: string;
};
type AnswerRow = { responseId: string; questionId: string; optionIndex: number; textValue: string | null };

/**
 * Every response of a campaign, one row each: unit, form type, day and one column per question with the chosen
 * option label(s) or the text. Anonymous: nothing about respondents, no response id, no time of day.
 */
export function responsesTable(db: Db, campaignId: number): Table {
  getCampaign(db, campaignId);
  const responses = db.$client.prepare(RESPONSES_SQL).all({ campaignId }) as ResponseRow[];
  const answers = new Map<string, AnswerRow[]>();
  for (const a of db.$client.prepare(ANSWERS_SQL).iterate({ campaignId }) as IterableIterator<AnswerRow>) {
    const list = answers.get(a.responseId);
    if (list) list.push(a);
    else answers.set(a.responseId, [a]);
  }

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
      for (const a of answers.get(r.id) ?? []) {
        const index = columnIndex.get(`${r.formType}:${a.questionId}`);
        if (index === undefined) continue;
        const label =
          a.optionIndex < 0
            ? (a.textValue ?? '')
            : (questions.get(a.questionId)?.options[a.optionIndex]?.label ?? String(a.optionIndex));
        cells[index]!.push(label);
      }
      const row: Cell[] = [r.unitCode, r.unitName, r.formType, r.day];
      return row.concat(cells.map((c) => (c.length > 0 ? c.join('; ') : null)));
    }),
  };
}

const RESPONSES_SQL = `
  select r.id, u.code as unitCode, u.name as unitName, r.form_type as formType,
    r.definition_version as version, r.submitted_on as day
  from responses r join units u on u.id = r.unit_id
  where r.campaign_id = :campaignId
  order by u.code, r.form_type, r.submitted_on, r.id
`;

const ANSWERS_SQL = `
  select response_id as responseId, question_id as questionId, option_index as optionIndex,
    text_value as textValue
  from response_answers where campaign_id = :campaignId
  order by response_id, question_id, option_index
`;
