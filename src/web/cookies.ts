import type { CookieOptions } from 'express';

/**
 * The session and CSRF cookies' names. Under https they carry the __Host- prefix: a browser accepts such a cookie
 * only from this host, Secure, with Path=/ and no Domain, so a neighbouring subdomain cannot plant or overwrite
 * one (session fixation, CSRF cookie tossing).
 */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}cchc.sid`, csrf: `${prefix}cchc.csrf` };
}

/**
 * The login cookie: unreadable by scripts, not sent on cross-site posts, HTTPS-only behind an https PUBLIC_URL.
 * No Max-Age: it ends with the browser, and the server ends it after 12 idle hours anyway.
 */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}
