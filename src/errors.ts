import { translate, type Message, type MessageKey, type MessageParams } from './i18n/messages';

/** Expected failures that cross the web/CLI boundary; each code has an HTTP status. */
export const ERROR_CODES = {
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  invalid_input: 400,
  conflict: 409,
  campaign_closed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  /** The database stayed locked longer than busy_timeout: nothing was written, the person may retry. */
  busy: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Messages per form field, for a form to show beside its inputs. */
export type FieldErrors = Partial<Record<string, Message>>;

/** What a command returns when it says no: nothing was written; the message is put into words when shown. */
export type Refusal = { ok: false; code: ErrorCode; message: Message; fields?: FieldErrors };
export type Done<T> = { ok: true; value: T };
/** A command's result: done (with what the caller needs to render) or refused. */
export type Outcome<T> = Done<T> | Refusal;

/** Adds a message beside a field; a field with several messages takes the keys `field#2`, `field#3`… in order. */
export function addFieldError(fields: FieldErrors, field: string, message: Message): void {
  let key = field;
  for (let n = 2; fields[key] !== undefined; n++) key = `${field}#${n}`;
  fields[key] = message;
}

/** The refusal of input with these field messages (each problem of a text someone wrote), the first one first. */
export function invalidFields(fields: FieldErrors): AppError {
  const first = Object.values(fields)[0] ?? { key: 'errors.invalidField' };
  return new AppError('invalid_input', first.key, first.params, fields);
}

/** The HTTP status of a refusal's code. */
export function statusOf(refusal: Refusal): number {
  return ERROR_CODES[refusal.code];
}

export function done<T>(value: T): Done<T> {
  return { ok: true, value };
}

/** The value of an outcome that must succeed here (a script, a test, the demo): a refusal is thrown as an AppError. */
export function orThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.code, outcome.message.key, outcome.message.params, outcome.fields);
}

/**
 * An expected failure raised where returning is awkward (a shared check deep in a command, a query for a record
 * that does not exist); commands turn it into a Refusal, routes into the page for its status.
 */
export class AppError extends Error {
  readonly status: number;
  /** Messages per form field, when the failure belongs beside inputs. */
  readonly fields?: FieldErrors;
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly params?: MessageParams,
    /** The form field the message belongs beside (a name), or every field's message. */
    field?: string | FieldErrors,
  ) {
    // In Vietnamese for logs and the CLI; pages put the key into words in the reader's language.
    super(translate('vi', key, params));
    this.status = ERROR_CODES[code];
    this.fields = typeof field === 'string' ? { [field]: { key, params } } : field;
  }

  get refusal(): Refusal {
    return {
      ok: false,
      code: this.code,
      message: { key: this.key, params: this.params },
      fields: this.fields,
    };
  }

  /** Every distinct message of the failure, the main one first: what a command line prints. */
  get messages(): Message[] {
    const all = [{ key: this.key, params: this.params }, ...Object.values(this.fields ?? {})];
    const seen = new Set<string>();
    return all.filter((m): m is Message => {
      const id = JSON.stringify(m ?? null);
      if (m === undefined || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
}

/** SQLITE_BUSY (and SQLITE_BUSY_SNAPSHOT…): another writer held the database past busy_timeout. */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
