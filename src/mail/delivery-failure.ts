/**
 * Why a mail did not arrive, in words an officer can act on (docs/DOMAIN.md § Delivery failures): the server's
 * reply code (550), its enhanced status (5.1.1) or the connection's error code (ECONNREFUSED) name a reason, and
 * the reason names the advice. The server's own text is kept as it came, for the admin.
 */
export const FAILURE_REASONS = [
  'mailboxUnknown',
  'domainUnknown',
  'mailboxFull',
  'policy',
  'rejected',
  'temporary',
  'connection',
  'tls',
  'auth',
  'other',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export type FailureParts = { responseCode?: number; enhancedStatus?: string; code?: string };

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** The reason a reply code, enhanced status and error code point to; the enhanced status is the most precise. */
export function classifyFailure(parts: FailureParts): FailureReason {
  const status = parts.enhancedStatus;
  const reply = parts.responseCode;
  // The relay refused our own login (535 5.7.8): no address is at fault.
  if (reply === 535 || parts.code === 'EAUTH') return 'auth';
  if (status?.startsWith('4.') || (reply !== undefined && reply >= 400 && reply < 500)) return 'temporary';
  if (status) {
    const [, subject, detail] = status.split('.').map(Number);
    if (subject === 1 && detail === 2) return 'domainUnknown';
    if (subject === 4 && detail === 4) return 'domainUnknown';
    if (subject === 1) return 'mailboxUnknown';
    if (subject === 2 && detail === 2) return 'mailboxFull';
    if (subject === 2 && detail === 1) return 'mailboxUnknown';
    if (subject === 7) return 'policy';
  }
  if (reply !== undefined && reply >= 500) return 'rejected';
  if (parts.code === 'ETLS') return 'tls';
  if (parts.code && CONNECTION_CODES.has(parts.code)) return 'connection';
  return 'other';
}

// "550 5.1.1 <a@b.vn>: Recipient address rejected" inside nodemailer's "Can't send mail - …: " prefix.
const REPLY = /\b([245]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\b)?/;
const ERROR_CODE = new RegExp(`\\b(${[...CONNECTION_CODES, 'ETLS', 'EAUTH'].join('|')})\\b`);
// Messages that carry no code: nodemailer's "Connection timeout", "Greeting never received", TLS handshakes.
const TIMEOUT_WORDS = /timeout|timed out|greeting never received|connection closed/i;
const TLS_WORDS = /\b(TLS|SSL|STARTTLS|certificate|CERT_[A-Z_]+|self[- ]signed)\b/i;

/** The parts of a failure as stored: the error's message, which carries the server's reply when there was one. */
export function failurePartsOf(text: string): FailureParts {
  const reply = REPLY.exec(text);
  const code =
    ERROR_CODE.exec(text)?.[1] ??
    (TLS_WORDS.test(text) ? 'ETLS' : TIMEOUT_WORDS.test(text) ? 'ETIMEDOUT' : undefined);
  return { responseCode: reply ? Number(reply[1]) : undefined, enhancedStatus: reply?.[2], code };
}

/** The reason of a stored failure text (null: no failure recorded, e.g. an earlier release's blank). */
export function failureReasonOf(text: string | null): FailureReason {
  return text ? classifyFailure(failurePartsOf(text)) : 'other';
}

/** Problems counted by stored text (each carries the address) regrouped by reason, the most frequent first. */
export function groupByReason(problems: { reason: string | null; count: number }[]): {
  reason: FailureReason;
  count: number;
}[] {
  const counts = new Map<FailureReason, number>();
  for (const p of problems) {
    const reason = failureReasonOf(p.reason);
    counts.set(reason, (counts.get(reason) ?? 0) + p.count);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort(
      (a, b) => b.count - a.count || FAILURE_REASONS.indexOf(a.reason) - FAILURE_REASONS.indexOf(b.reason),
    );
}
