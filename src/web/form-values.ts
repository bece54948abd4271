import { z } from 'zod';
import { endOfVnDay, vnDateTime } from '../time';

// Vietnam is UTC+7 all year (see src/time.ts), so input values convert with a fixed offset.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The value of an `<input type="datetime-local">` showing the instant in Vietnam time ('' for none). */
export function toDateTimeInput(ms: number | null | undefined): string {
  return ms == null ? '' : new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 16);
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

/** A date field plus an optional time field: a date alone means the end of that day (docs/DOMAIN.md § Deadlines). */
export function vnDeadline(date: string, time: string): number | null {
  if (!date) return null;
  if (!time) return endOfVnDay(date);
  return vnDateTime(date, Number(time.slice(0, 2)), Number(time.slice(3, 5)));
}

/** A form field sent zero, one or many times (checkboxes) as a list of positive integers. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : Array.isArray(v) ? v : [v])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
  );

/** The first message per field of a failed parse, for showing beside the inputs. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}
