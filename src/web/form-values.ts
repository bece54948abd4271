import type { RequestHandler, Response } from 'express';
import type { Refusal } from '../errors';
import { tFor } from './locale';
import { z } from 'zod';
import { vnDateTime } from '../time';

// Vietnam is UTC+7 all year (see src/time.ts), so input values convert with a fixed offset.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * A date-time field's value, "04/12/2019 17:00" in Vietnam time ('' for none): a text field, since a browser's
 * native picker follows its own locale (mm/dd/yyyy with AM/PM under English) and a swapped day moves a deadline.
 */
export function toDateTimeInput(ms: number | null | undefined): string {
  if (ms == null) return '';
  const iso = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** `<input type="datetime-local">` in Vietnam time → epoch ms; empty → null. */
export const vnDateTimeField = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$|^$/, message)
    .transform((v) =>
      v ? vnDateTime(v.slice(0, 10), Number(v.slice(11, 13)), Number(v.slice(14, 16))) : null,
    );

/** A form field sent zero, one or many times (checkboxes) as a list of positive integers; anything else is refused. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[1-9]\d{0,14}$/)
        .transform(Number),
    ),
  );

/** A command's refusal in the reader's language: the message for the page, and one per form field. */
export function refusalTexts(
  res: Response,
  refusal: Refusal,
): { message: string; fields: Record<string, string> } {
  const tr = tFor(res);
  const fields = Object.entries(refusal.fields ?? {}).flatMap(([field, message]) =>
    message ? [[field, tr(message.key, message.params)] as const] : [],
  );
  return { message: tr(refusal.message.key, refusal.message.params), fields: Object.fromEntries(fields) };
}

/** A request body as a form sends it: each field a text, or a list of texts when sent several times (checkboxes). */
type FormBody = Record<string, string | string[]>;

/**
 * Gives every route and view a body of the form's shape, whichever way the client posted it: a JSON body keeps
 * its texts (numbers and booleans as their text) and loses any other value (objects, null, nested lists), so a
 * field can fail its schema, never crash a template that prints it back.
 */
export const formShapedBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined) req.body = toFormBody(req.body);
  next();
};

function toFormBody(body: unknown): FormBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  // fromEntries defines "__proto__" as a plain field instead of calling the prototype setter.
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]): [string, string | string[]][] => {
      if (Array.isArray(value)) return [[key, value.flatMap((v) => fieldText(v) ?? [])]];
      const text = fieldText(value);
      return text === undefined ? [] : [[key, text]];
    }),
  );
}

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
