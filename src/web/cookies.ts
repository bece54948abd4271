import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'cchc.sid';

/** The login cookie: unreadable by scripts, not sent on cross-site posts, HTTPS-only behind an https PUBLIC_URL. */
export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}
