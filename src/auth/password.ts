import crypto from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 10;

// OWASP's scrypt floor is N=2^17 with r=8; 2^15 keeps a login near 50 ms on a small server and still costs an
// attacker 32 MiB per guess. The parameters live in the hash so they can be raised without breaking old hashes.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url) of a password; the clear text is never stored. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether the password matches the stored hash, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

// No look-alike characters (0/O, 1/l/I), so a password read aloud or copied from a screen survives.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random 16-character password (about 93 bits) for new accounts and resets. */
export function generatePassword(): string {
  let out = '';
  for (const byte of crypto.randomBytes(64)) {
    // Rejection sampling keeps every character equally likely.
    if (byte < 256 - (256 % ALPHABET.length)) out += ALPHABET[byte % ALPHABET.length];
    if (out.length === 16) return out;
  }
  return out + generatePassword().slice(out.length);
}

/**
 * The password given, or a random one when none is given (to be shown once), with its hash: made before a
 * command runs, since scrypt is asynchronous and a command's transaction is not.
 */
export async function newPassword(given = ''): Promise<{ password: string; passwordHash: string }> {
  const password = given === '' ? generatePassword() : given;
  return { password, passwordHash: await hashPassword(password) };
}
