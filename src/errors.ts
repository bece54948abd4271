/** Expected failures that cross the web/CLI boundary; each code has an HTTP status and a message key. */
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

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Vietnamese text safe to show to the person concerned. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

/** SQLITE_BUSY (and SQLITE_BUSY_SNAPSHOT…): another writer held the database past busy_timeout. */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
