import type { z } from 'zod';
import { addFieldError, type FieldErrors, type Refusal } from '../errors';
import type { Catalogue } from '../i18n/catalogue';
import { isMessageKey, type Message, type Translate } from '../i18n/messages';
import { formDefinitionSchema, type FormDefinition } from './definition';

/**
 * Where a problem of a questionnaire text is: `definition` for the text as a whole, `definition.<path>` for a
 * field inside it (sections.1.questions.2.points); see addFieldError for a field with several problems.
 */
const TEXT_FIELD = 'definition';

export type ParsedDefinition =
  { ok: true; definition: FormDefinition } | { ok: false; problems: FieldErrors };

/** A questionnaire written as JSON, checked against the schema: the definition, or every problem and where. */
export function parseDefinitionText(text: string): ParsedDefinition {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: { [TEXT_FIELD]: jsonError(text, error) } };
  }
  const parsed = formDefinitionSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, definition: parsed.data };
  const problems: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    addFieldError(problems, [TEXT_FIELD, ...issue.path.map(String)].join('.'), issueMessage(issue));
  }
  return { ok: false, problems };
}

/**
 * The problems of a refused questionnaire text in words, each after where it is ("Phần 2, câu 3 (kien_nghi),
 * lựa chọn 1, fraction: không được lớn hơn 1"); `text` is the refused text, which names the questions.
 */
export function definitionProblems(refusal: Refusal, text: string, tr: Translate): string[] {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    input = undefined;
  }
  const texts = Object.entries(refusal.fields ?? {}).flatMap(([key, message]) => {
    if (!message || (key !== TEXT_FIELD && !key.startsWith(`${TEXT_FIELD}.`))) return [];
    const path = key.split('#')[0]!.split('.').slice(1);
    const where = location(path, input, tr);
    const what = tr(message.key, message.params);
    return [where ? `${where}: ${what}` : what];
  });
  return [...new Set(texts)];
}

function jsonError(text: string, error: unknown): Message {
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
  return line === undefined
    ? { key: 'forms.errors.json' }
    : { key: 'forms.errors.jsonAt', params: { line, column: column! } };
}

const TYPE_NAMES: Partial<Record<string, keyof Catalogue['forms']['errors']['type']>> = {
  string: 'string',
  number: 'number',
  int: 'int',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
};

function issueMessage(issue: z.core.$ZodIssue): Message {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { key: 'forms.errors.missing' };
      const type = TYPE_NAMES[issue.expected];
      return { key: type ? `forms.errors.type.${type}` : 'forms.errors.invalid' };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return { key: 'forms.errors.empty' };
      if (issue.origin === 'array') return { key: 'forms.errors.tooFew', params: { min } };
      return { key: issue.inclusive ? 'forms.errors.min' : 'forms.errors.positive', params: { min } };
    }
    case 'too_big':
      return { key: 'forms.errors.max', params: { max: Number(issue.maximum) } };
    case 'invalid_value':
      return { key: 'forms.errors.oneOf', params: { values: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { key: 'forms.errors.unknownFields', params: { fields: issue.keys.join(', ') } };
    default:
      // The schema's own rules (forms/definition.ts) carry a catalogue key and their parameters.
      return isMessageKey(issue.message)
        ? { key: issue.message, params: (issue as { params?: Message['params'] }).params }
        : { key: 'forms.errors.invalid' };
  }
}

/** "Phần 2, câu 3 (kien_nghi), lựa chọn 1, fraction" from a path into the submitted JSON. */
function location(path: string[], input: unknown, tr: Translate): string {
  const parts: string[] = [];
  let node: unknown = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const child = (node as Record<string, unknown> | undefined)?.[key];
    if ((key === 'sections' || key === 'questions' || key === 'options') && /^\d+$/.test(next ?? '')) {
      const item = (child as unknown[] | undefined)?.[Number(next)];
      const n = Number(next) + 1;
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
    parts.push(key);
    node = child;
  }
  return parts.join(', ');
}
