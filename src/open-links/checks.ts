import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { perConnection, type Db } from '../db/client';
import type { AnswerRow } from '../responses/answer-encoding';
import type { HoldReason } from '../responses/held-answers';

// What the ballot-stuffing checks keep (docs/DOMAIN.md § Open links): counters under hashes keyed with a secret
// of the campaign, per time window, never beside an answer and never an address or cookie in clear; all of it
// dropped at close (dropOpenChecks).

/** How long an opened form may be sent: long enough to fill it at a counter, short enough that nonces expire. */
export const NONCE_LIFETIME_MS = 2 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** The campaign's thresholds (src/db/schema.ts, campaigns.open_*). */
export type OpenThresholds = {
  minSeconds: number;
  addressHourlyLimit: number;
  sameAnswersLimit: number;
  sameMinutes: number;
};

const statements = perConnection((c) => ({
  secret: c.prepare<[number], Buffer>('SELECT secret FROM open_check_secrets WHERE campaign_id = ?').pluck(),
  addSecret: c.prepare<[number, Buffer]>(
    'INSERT INTO open_check_secrets (campaign_id, secret) VALUES (?, ?) ON CONFLICT DO NOTHING',
  ),
  thresholds: c.prepare<[number], OpenThresholds>(
    `SELECT open_min_seconds AS minSeconds, open_address_hourly_limit AS addressHourlyLimit,
       open_same_answers_limit AS sameAnswersLimit, open_same_minutes AS sameMinutes FROM campaigns WHERE id = ?`,
  ),
  useNonce: c.prepare<[number, Buffer, number]>(
    'INSERT INTO open_used_nonces (campaign_id, nonce_hash, expires_hour) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  bump: c.prepare<[number, Buffer, number]>(
    `INSERT INTO open_check_counts (campaign_id, key, window_start, count) VALUES (?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET count = count + 1`,
  ),
  counted: c
    .prepare<[number, Buffer, number], number>(
      'SELECT coalesce(sum(count), 0) FROM open_check_counts WHERE campaign_id = ? AND key = ? AND window_start >= ?',
    )
    .pluck(),
  pruneCounts: c.prepare<[number, number]>(
    'DELETE FROM open_check_counts WHERE campaign_id = ? AND window_start < ?',
  ),
  pruneNonces: c.prepare<[number, number]>(
    'DELETE FROM open_used_nonces WHERE campaign_id = ? AND expires_hour < ?',
  ),
  drop: [
    c.prepare<[number]>('DELETE FROM open_check_counts WHERE campaign_id = ?'),
    c.prepare<[number]>('DELETE FROM open_used_nonces WHERE campaign_id = ?'),
    c.prepare<[number]>('DELETE FROM open_check_secrets WHERE campaign_id = ?'),
  ],
}));

/** A campaign's thresholds as set (defaults until an admin changes them). */
export function openThresholds(db: Db, campaignId: number): OpenThresholds {
  return statements(db).thresholds.get(campaignId)!;
}

/** The campaign's secret, drawn the first time a check needs it (again after a reopen: the old one is gone). */
function secretOf(db: Db, campaignId: number): Buffer {
  const s = statements(db);
  const found = s.secret.get(campaignId);
  if (found) return found;
  s.addSecret.run(campaignId, randomBytes(32));
  return s.secret.get(campaignId)!;
}

function keyed(secret: Buffer, ...parts: Array<string | number>): Buffer {
  return createHmac('sha256', secret).update(parts.join('\u0000')).digest().subarray(0, 16);
}

/**
 * A form nonce for one open link: when the form was handed out, a random part, and a MAC under the campaign's
 * secret, so it cannot be forged, moved to another link or aged (docs/DOMAIN.md § Open links).
 */
export function issueNonce(db: Db, campaignId: number, code: string, now: number): string {
  const body = `${now.toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${keyed(secretOf(db, campaignId), 'nonce', code, body).toString('base64url')}`;
}

export type NonceCheck = { ok: true; issuedAt: number } | { ok: false; why: 'invalid' | 'expired' | 'used' };

/** Checks a nonce for `code` and marks it used; only the first of two concurrent submits finds it unused. */
export function spendNonce(db: Db, campaignId: number, code: string, nonce: string, now: number): NonceCheck {
  const [issued, random, mac] = nonce.split('.');
  if (!issued || !random || !mac || nonce.length > 100) return { ok: false, why: 'invalid' };
  const secret = secretOf(db, campaignId);
  const expected = keyed(secret, 'nonce', code, `${issued}.${random}`);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, why: 'invalid' };
  const issuedAt = parseInt(issued, 36);
  if (!(issuedAt <= now) || now - issuedAt > NONCE_LIFETIME_MS) return { ok: false, why: 'expired' };
  const s = statements(db);
  const expiresHour = Math.ceil((issuedAt + NONCE_LIFETIME_MS) / HOUR_MS);
  s.pruneNonces.run(campaignId, Math.floor(now / HOUR_MS));
  const fresh = s.useNonce.run(campaignId, keyed(secret, 'used', nonce), expiresHour).changes === 1;
  return fresh ? { ok: true, issuedAt } : { ok: false, why: 'used' };
}

/** One answer's facts for the checks; the address is only hashed, never stored. */
export type Submission = {
  campaignId: number;
  unitId: number;
  formType: string;
  address: string;
  issuedAt: number;
  honeypot: boolean;
  answers: AnswerRow[];
};

/**
 * Counts this submission and returns why it must be held, if at all: sent too fast after the form was opened,
 * the same answers as `sameAnswersLimit` others from its address and unit within `sameMinutes` (this window and
 * the one before), more than `addressHourlyLimit` from its address for the unit this hour and the last, the
 * hidden field filled.
 */
export function holdReasonsFor(db: Db, sub: Submission, now: number): HoldReason[] {
  const s = statements(db);
  const limits = s.thresholds.get(sub.campaignId)!;
  const secret = secretOf(db, sub.campaignId);
  const reasons: HoldReason[] = [];
  if (now - sub.issuedAt < limits.minSeconds * 1000) reasons.push('too_fast');
  const sameWindow = limits.sameMinutes * MINUTE_MS;
  const sheet = createHash('sha256')
    .update(JSON.stringify(canonical(sub.answers)))
    .digest('hex');
  const sameKey = keyed(secret, 'same', sub.address, sub.unitId, sub.formType, sheet);
  if (bumped(db, sub.campaignId, sameKey, sameWindow, now) > limits.sameAnswersLimit)
    reasons.push('same_answers');
  const addressKey = keyed(secret, 'address', sub.address, sub.unitId);
  if (bumped(db, sub.campaignId, addressKey, HOUR_MS, now) > limits.addressHourlyLimit)
    reasons.push('address_limit');
  if (sub.honeypot) reasons.push('honeypot');
  // Nothing older than the longest window (an hour and the one before) is needed any more.
  s.pruneCounts.run(sub.campaignId, now - 2 * HOUR_MS);
  return reasons;
}

/** Counts one under `key` in the window holding `now`; returns the count over this window and the one before. */
function bumped(db: Db, campaignId: number, key: Buffer, windowMs: number, now: number): number {
  const s = statements(db);
  const start = Math.floor(now / windowMs) * windowMs;
  s.bump.run(campaignId, key, start);
  return s.counted.get(campaignId, key, start - windowMs) ?? 0;
}

function canonical(answers: AnswerRow[]): Array<[string, number, string]> {
  return answers
    .map((a): [string, number, string] => [a.questionId, a.optionIndex, a.textValue ?? ''])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
}

/** Forgets everything the checks kept for a campaign: its secret, counters and used nonces (at close). */
export function dropOpenChecks(db: Db, campaignId: number): void {
  for (const statement of statements(db).drop) statement.run(campaignId);
}
