import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'cchc.sid';

/**
 * The login cookie: unreadable by scripts, not sent on cross-site posts, HTTPS-only behind an https PUBLIC_URL.
 * No Max-Age: it ends with the browser, and the server ends it after 12 idle hours anyway.
 */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}
