import type { z } from 'zod';
import { recordAudit, type Actor } from '../audit/record-audit';
import { getCampaign } from '../campaigns/campaigns';
import { inTransaction, type Db } from '../db/client';
import { AppError } from '../errors';
import { t, type Translate } from '../i18n/messages';
import { listFormTypes } from '../units/campaign-units';
import { formDefinitionSchema, type FormDefinition } from './definition';
import { getFormDefinition, saveFormDefinition } from './get-form-definition';

export type ParsedDefinition = { ok: true; definition: FormDefinition } | { ok: false; errors: string[] };

export type FormEditResult =
  { ok: true; version: number; changed: boolean } | { ok: false; errors: string[] };

/** A questionnaire written as JSON, checked against the schema; every problem in words, with where it is. */
export function parseDefinitionText(text: string, tr: Translate = t): ParsedDefinition {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [jsonError(text, error, tr)] };
  }
  const parsed = formDefinitionSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => describeIssue(i, input, tr)))] };
}

/**
 * Replaces a campaign's questionnaire for one form type with the given JSON text: a new version when it differs
 * from the current one (responses already received keep theirs; links opened from now on get the new one),
 * nothing when it is the same. Refused for a closed campaign or an unknown form type; audited.
 */
export function updateFormDefinition(
  db: Db,
  input: { campaignId: number; formType: string; text: string },
  actor: Actor,
  now: number,
  tr: Translate = t,
): FormEditResult {
  assertEditable(db, input.campaignId, input.formType);
  const parsed = parseDefinitionText(input.text, tr);
  if (!parsed.ok) return parsed;
  return inTransaction(db, () => {
    const current = getFormDefinition(db, input.campaignId, input.formType);
    if (current && JSON.stringify(current.definition) === JSON.stringify(parsed.definition)) {
      return { ok: true, version: current.version, changed: false };
    }
    const version = saveFormDefinition(db, input.campaignId, input.formType, parsed.definition);
    recordAudit(
      db,
      actor,
      'form.update',
      { campaignId: input.campaignId, text: `${input.formType}: v${version}` },
      now,
    );
    return { ok: true, version, changed: true };
  });
}

/** The campaign and form type exist and the campaign is not closed; otherwise an AppError. */
export function assertEditable(db: Db, campaignId: number, formType: string): void {
  const campaign = getCampaign(db, campaignId);
  if (!listFormTypes(db).some((f) => f.code === formType)) {
    throw new AppError('not_found', t('forms.unknownFormType', { formType }));
  }
  if (campaign.status === 'closed') throw new AppError('campaign_closed', t('forms.closed'));
}

function jsonError(text: string, error: unknown, tr: Translate): string {
  const message = error instanceof Error ? error.message : '';
  let line: number | undefined;
  let column: number | undefined;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const position = /position (\d+)/.exec(message);
  if (lineColumn) {
    line = Number(lineColumn[1]);
    column = Number(lineColumn[2]);
  } else if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    line = before.length;
    column = before.at(-1)!.length + 1;
  } else if (/end of JSON input/.test(message)) {
    const lines = text.split('\n');
    line = lines.length;
    column = lines.at(-1)!.length + 1;
  }
  return line === undefined ? tr('forms.errors.json') : tr('forms.errors.jsonAt', { line, column: column! });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'int',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
};

function describeIssue(issue: z.core.$ZodIssue, input: unknown, tr: Translate): string {
  const where = location(issue.path, input, tr);
  const what = issueText(issue, tr);
  return where ? `${where}: ${what}` : what;
}

function issueText(issue: z.core.$ZodIssue, tr: Translate): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return tr('forms.errors.missing');
      const type = TYPE_NAMES[issue.expected];
      return type ? tr(`forms.errors.type.${type}`) : tr('forms.errors.invalid');
    }
    case 'too_small':
      if (issue.origin === 'string') return tr('forms.errors.empty');
      if (issue.origin === 'array') return tr('forms.errors.tooFew', { min: Number(issue.minimum) });
      return issue.inclusive
        ? tr('forms.errors.min', { min: Number(issue.minimum) })
        : tr('forms.errors.positive', { min: Number(issue.minimum) });
    case 'too_big':
      return tr('forms.errors.max', { max: Number(issue.maximum) });
    case 'invalid_value':
      return tr('forms.errors.oneOf', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return tr('forms.errors.unknownFields', { fields: issue.keys.join(', ') });
    case 'custom': {
      const params = issue.params as { key?: string; values?: Record<string, string> } | undefined;
      return params?.key ? tr(params.key, params.values) : issue.message;
    }
    default:
      return issue.message.startsWith('Invalid') ? tr('forms.errors.invalid') : issue.message;
  }
}

/** "Phần 2, câu 3 (kien_nghi), lựa chọn 1, fraction" from a path into the submitted JSON. */
function location(path: PropertyKey[], input: unknown, tr: Translate): string {
  const parts: string[] = [];
  let node: unknown = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const child = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    if ((key === 'sections' || key === 'questions' || key === 'options') && typeof next === 'number') {
      const item = (child as unknown[] | undefined)?.[next];
      const n = next + 1;
      if (key === 'sections') parts.push(tr('forms.where.section', { n }));
      else if (key === 'options') parts.push(tr('forms.where.option', { n }));
      else {
        const id = (item as { id?: unknown } | undefined)?.id;
        parts.push(
          typeof id === 'string' && id
            ? tr('forms.where.questionWithId', { n, id })
            : tr('forms.where.question', { n }),
        );
      }
      node = item;
      i++;
      continue;
    }
    parts.push(String(key));
    node = child;
  }
  return parts.join(', ');
}
