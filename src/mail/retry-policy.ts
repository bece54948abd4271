import { isPermanentFailure } from './transport';

/** How one delivery ended; `dropped`: a message its listener no longer wants, withdrawn instead of sent. */
export type DeliveryOutcome = 'sent' | 'retried' | 'bounced' | 'failed' | 'dropped';

/** How temporary failures are retried: exponential backoff from retryBaseMs, `failed` after maxAttempts. */
export type RetryPolicy = { maxAttempts: number; retryBaseMs: number };
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, retryBaseMs: 30_000 };
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * What a failed delivery attempt (the `attempts`-th) leads to, for outbox rows and thank-you slots alike: bounced
 * when retrying cannot help, failed once the attempts are used up, otherwise another attempt after a backoff.
 */
export function afterFailure(
  error: unknown,
  attempts: number,
  retry: RetryPolicy,
): { outcome: 'bounced' | 'failed' } | { outcome: 'retried'; delayMs: number } {
  if (isPermanentFailure(error)) return { outcome: 'bounced' };
  if (attempts >= retry.maxAttempts) return { outcome: 'failed' };
  return { outcome: 'retried', delayMs: Math.min(MAX_BACKOFF_MS, retry.retryBaseMs * 2 ** (attempts - 1)) };
}
