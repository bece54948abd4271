import type { Request } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { cookieNames } from './cookies';

/** Double-submit CSRF protection for every POST, bound to the login session when there is one. */
export function createCsrf(secret: string, secureCookies: boolean) {
  const names = cookieNames(secureCookies);
  return doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req: Request) => (req.cookies?.[names.session] as string | undefined) ?? '',
    cookieName: names.csrf,
    cookieOptions: { sameSite: 'strict', path: '/', secure: secureCookies, httpOnly: true },
    getCsrfTokenFromRequest: (req: Request) => {
      const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
      const fromHeader = req.headers['x-csrf-token'];
      // A multipart upload's body is read by the route, after this check: its form carries the token in the URL.
      const fromQuery = req.is('multipart/form-data')
        ? (req.query as Record<string, unknown>)._csrf
        : undefined;
      if (typeof fromQuery === 'string') return fromQuery;
      return typeof fromForm === 'string'
        ? fromForm
        : typeof fromHeader === 'string'
          ? fromHeader
          : undefined;
    },
  });
}
