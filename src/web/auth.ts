import { Router, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from './context';
import {
  authenticate,
  changeOwnPassword,
  createSession,
  deleteSession,
  hashPassword,
  MIN_PASSWORD_LENGTH,
} from '../auth';
import { statusOf } from '../errors';
import { refusalTexts } from './form-values';
import type { SessionUser } from '../auth';
import { cookieNames, sessionCookieOptions } from './cookies';
import { currentUser, requireUser, safeNext } from './guards';
import { tFor } from './locale';

export const LOGIN_PATH = '/dang-nhap';

/** Where a user lands after login when no page was asked for. */
export function homeFor(user: SessionUser | undefined): string {
  if (!user) return LOGIN_PATH;
  if (user.role === 'enumerator') return '/dieu-tra/';
  return user.role === 'admin' ? '/admin' : '/officer';
}

const loginSchema = z.object({
  username: z.string().trim().max(100).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
});

const passwordChangeSchema = z.object({
  current: z.string().max(200).default(''),
  password: z.string().max(200).default(''),
  confirm: z.string().max(200).default(''),
});

/** Login at /dang-nhap (alias /login), logout, and the password change page. */
export function authRouter(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.PUBLIC_URL.startsWith('https:');
  const { session } = cookieNames(secure);

  const startSession = (res: Response, userId: number) => {
    const { token } = createSession(ctx.db, userId, ctx.clock());
    res.cookie(session, token, sessionCookieOptions(secure));
  };

  const renderLogin = (
    res: Response,
    status: number,
    form: { username?: string; next?: string; error?: string },
  ) => res.status(status).render('auth/login', { title: tFor(res)('auth.loginTitle'), ...form });

  const tooMany: Parameters<typeof rateLimit>[0] = {
    windowMs: 15 * 60 * 1000,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const form = loginSchema.parse(req.body ?? {});
      renderLogin(res, 429, {
        username: form.username,
        next: safeNext(form.next),
        error: tFor(res)('auth.rateLimited'),
      });
    },
  };
  // Failed attempts only. Per address and username, so a shared office address does not lock out colleagues;
  // and a looser limit per address alone, against one machine trying many usernames.
  const loginLimiters = [
    rateLimit({
      ...tooMany,
      limit: 10,
      keyGenerator: (req) =>
        `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown })?.username ?? '')
          .trim()
          .toLowerCase()}`,
    }),
    rateLimit({ ...tooMany, limit: 30, keyGenerator: (req) => ipKeyGenerator(req.ip ?? '') }),
  ];

  router.get(['/login', '/login/'], (req, res) => {
    const next = safeNext(req.query.next);
    res.redirect(301, next ? `${LOGIN_PATH}?next=${encodeURIComponent(next)}` : LOGIN_PATH);
  });

  router.get(LOGIN_PATH, (req, res) => {
    const user = currentUser(res);
    if (user) return res.redirect(303, safeNext(req.query.next) ?? homeFor(user));
    renderLogin(res, 200, { next: safeNext(req.query.next) });
  });

  router.post(LOGIN_PATH, ...loginLimiters, async (req, res) => {
    const form = loginSchema.parse(req.body ?? {});
    const user = await authenticate(ctx.db, form.username, form.password, ctx.clock());
    if (!user) {
      return renderLogin(res, 401, {
        username: form.username,
        next: safeNext(form.next),
        error: tFor(res)('auth.badCredentials'),
      });
    }
    startSession(res, user.id);
    res.redirect(303, safeNext(form.next) ?? homeFor(user));
  });

  router.post('/dang-xuat', (req, res) => {
    const token = req.cookies?.[session] as string | undefined;
    if (token) deleteSession(ctx.db, token);
    res.clearCookie(session, sessionCookieOptions(secure));
    res.redirect(303, LOGIN_PATH);
  });

  router.get('/doi-mat-khau', requireUser, (req, res) => {
    const user = currentUser(res)!;
    res.render('auth/password', {
      title: tFor(res)('auth.passwordTitle'),
      done: req.query.ok === '1',
      min: MIN_PASSWORD_LENGTH,
      mustChange: user.mustChangePassword,
      home: homeFor(user),
    });
  });

  router.post('/doi-mat-khau', requireUser, async (req, res) => {
    const user = currentUser(res)!;
    const form = passwordChangeSchema.parse(req.body ?? {});
    const fail = (status: number, error: string) =>
      res.status(status).render('auth/password', {
        title: tFor(res)('auth.passwordTitle'),
        error,
        min: MIN_PASSWORD_LENGTH,
        mustChange: user.mustChangePassword,
        home: homeFor(user),
      });
    // Signing in again, in effect: checked before the change, as the login checks a password.
    if (!(await authenticate(ctx.db, user.username, form.current, ctx.clock()))) {
      return fail(400, tFor(res)('auth.wrongCurrentPassword'));
    }
    const passwordHash = await hashPassword(form.password);
    const actor = { userId: user.id, name: user.username };
    const changed = changeOwnPassword(ctx.db, { ...form, userId: user.id, passwordHash }, actor, ctx.clock());
    if (!changed.ok) return fail(statusOf(changed), refusalTexts(res, changed).message);
    // Changing the password ends every session, including stolen ones; this browser gets a fresh one.
    startSession(res, user.id);
    res.redirect(303, '/doi-mat-khau?ok=1');
  });

  return router;
}
