import { customAlphabet } from 'nanoid';

// 22 characters of a 64-symbol URL-safe alphabet = 132 bits: unguessable, short enough for a mail link.
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
export const TOKEN_LENGTH = 22;
export const newToken = customAlphabet(alphabet, TOKEN_LENGTH);
export const TOKEN_PATTERN = /^[0-9A-Za-z_-]{22}$/;

/** Random id for anonymous rows (responses): no order, no time. */
export const newRandomId = customAlphabet(alphabet, 21);

/** For logs: enough to correlate, never enough to use. */
export function redactToken(token: string): string {
  return `${token.slice(0, 4)}…`;
}
