import { randomBytes, randomInt } from 'node:crypto';
import { customAlphabet } from 'nanoid';

// 22 characters of a 64-symbol URL-safe alphabet = 132 bits: unguessable, short enough for a mail link.
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
export const TOKEN_LENGTH = 22;
export const newToken = customAlphabet(alphabet, TOKEN_LENGTH);
export const TOKEN_PATTERN = /^[0-9A-Za-z_-]{22}$/;

const ALPHABET_CODES = Buffer.from(alphabet, 'latin1');
if (ALPHABET_CODES.length !== 64)
  throw new Error('newTokens maps 6 random bits to a symbol: 64 symbols needed');

/**
 * `count` tokens like newToken's from one draw of random bytes: a 100,000-row import needs 110,000 of them
 * (one call per token: ~90 ms; this: ~15 ms). 64 symbols, so the low 6 bits of a byte pick one without bias.
 */
export function newTokens(count: number): string[] {
  const codes = randomBytes(count * TOKEN_LENGTH);
  for (let i = 0; i < codes.length; i++) codes[i] = ALPHABET_CODES[codes[i]! & 63]!;
  const tokens = new Array<string>(count);
  for (let k = 0; k < count; k++)
    tokens[k] = codes.toString('latin1', k * TOKEN_LENGTH, (k + 1) * TOKEN_LENGTH);
  return tokens;
}

/** Random id (uploads, send batches): no order, no time. */
export const newRandomId = customAlphabet(alphabet, 21);

/** A uniformly drawn integer in [0, n): where an anonymous answer or a waiting thank-you mail goes among free slots. */
export function randomBelow(n: number): number {
  return randomInt(n);
}

/** `items` put in a uniformly random order, in place (where answers and waiting thank-you mails are dealt out). */
export function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** For logs: enough to correlate, never enough to use. */
export function redactToken(token: string): string {
  return `${token.slice(0, 4)}…`;
}
