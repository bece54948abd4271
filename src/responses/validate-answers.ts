import { z } from 'zod';
import { allQuestions, type FormDefinition, type FormQuestion } from '../forms/definition';
import { reason } from '../command';
import { isMessageKey, type Message } from '../i18n/messages';
import type { AnswerRow } from './store-response';

/** A submitted form body: urlencoded fields, a field sent twice arrives as an array. */
export type RawAnswers = Record<string, unknown>;

export type AnswerValidation =
  { ok: true; answers: AnswerRow[] } | { ok: false; errors: Record<string, Message> };

/** The form field carrying a question's answer. */
export function fieldName(questionId: string): string {
  return `q_${questionId}`;
}

const INDEX = /^\d{1,4}$/;
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

function questionSchema(q: FormQuestion): z.ZodType<AnswerRow[]> {
  const required = reason('survey.errors.required');
  const invalid = reason('survey.errors.invalidOption');
  const optionIndex = z
    .string({ error: (iss) => (iss.input === undefined ? required : invalid) })
    .regex(INDEX, invalid)
    .transform(Number)
    .refine((i) => i < q.options.length, invalid);

  if (q.kind === 'single') {
    const single = z.string({
      error: (iss) => (Array.isArray(iss.input) ? reason('survey.errors.onlyOne') : required),
    });
    const schema = single.pipe(optionIndex).transform((i) => [{ questionId: q.id, optionIndex: i }]);
    return z.preprocess(blankToUndefined, q.required ? schema : schema.optional().transform((v) => v ?? []));
  }
  if (q.kind === 'multiple') {
    const many = z
      .array(optionIndex)
      .refine((list) => !q.required || list.length > 0, required)
      .transform((list) => [...new Set(list)].map((i) => ({ questionId: q.id, optionIndex: i })));
    // One ticked box arrives as a string, none as nothing: always validate a list.
    return z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), many);
  }
  const text = z
    .string({ error: (iss) => (iss.input === undefined ? required : reason('survey.errors.invalidText')) })
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .refine((s) => s.length <= q.maxLength, reason('survey.errors.tooLong'))
    .refine((s) => !q.required || s.length > 0, required)
    .transform((s) => (s ? [{ questionId: q.id, optionIndex: -1, textValue: s }] : []));
  return q.required ? text : z.preprocess((v) => v ?? '', text);
}

// One compiled schema per parsed definition (definitions are cached and immutable per version).
const schemas = new WeakMap<FormDefinition, z.ZodType<Record<string, AnswerRow[]>>>();

function schemaFor(def: FormDefinition) {
  let schema = schemas.get(def);
  if (!schema) {
    // z.object drops fields it does not know: a stray or forged field is ignored, never stored.
    schema = z.object(Object.fromEntries(allQuestions(def).map((q) => [fieldName(q.id), questionSchema(q)])));
    schemas.set(def, schema);
  }
  return schema;
}

/** Checks every answer against the questionnaire; errors are keyed by question id. */
export function validateAnswers(def: FormDefinition, body: RawAnswers): AnswerValidation {
  const parsed = schemaFor(def).safeParse(body);
  if (parsed.success) return { ok: true, answers: Object.values(parsed.data).flat() };
  const errors: Record<string, Message> = {};
  for (const issue of parsed.error.issues) {
    const questionId = String(issue.path[0]).slice(2);
    const key = isMessageKey(issue.message) ? issue.message : 'survey.errors.invalidOption';
    const maxLength = allQuestions(def).find((q) => q.id === questionId)?.maxLength;
    errors[questionId] ??= {
      key,
      params: key === 'survey.errors.tooLong' ? { max: maxLength ?? '' } : undefined,
    };
  }
  return { ok: false, errors };
}
