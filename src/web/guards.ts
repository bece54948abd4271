import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from './context';
import { getSessionUser, inUnitScope, unitScopeOf, type SessionUser } from '../auth';
import { AppError } from '../errors';
import { cookieNames } from './cookies';

/** The signed-in user set by loadUser, or undefined for an anonymous request. */
export function currentUser(res: Response): SessionUser | undefined {
  return res.locals.user as SessionUser | undefined;
}

/** Reads the session cookie and puts the user (or nothing) in res.locals.user for routes and views. */
export function loadUser(ctx: AppContext): RequestHandler {
  const { session } = cookieNames(ctx.config.PUBLIC_URL.startsWith('https:'));
  return (req, res, next) => {
    const token = req.cookies?.[session] as string | undefined;
    res.locals.user = token ? (getSessionUser(ctx.db, token, ctx.clock()) ?? undefined) : undefined;
    next();
  };
}

/** Sends anonymous visitors to the login page, remembering where they were going. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (currentUser(res)) return next();
  res.redirect(303, `/dang-nhap?next=${encodeURIComponent(req.originalUrl)}`);
};

/**
 * After requireUser/requireAdmin: someone signed in with a password another person handed them (first start, a new
 * account, a reset) goes to the change-password page, whatever they asked for, until they have chosen their own.
 */
export const requireOwnPassword: RequestHandler = (_req, res, next) => {
  if (currentUser(res)?.mustChangePassword) return res.redirect(303, '/doi-mat-khau');
  next();
};

/** Signed-in admins only; anyone else signed in gets the 403 page. */
export const requireAdmin: RequestHandler = (req, res, next) => {
  requireUser(req, res, () => {
    if (currentUser(res)?.role === 'admin') return next();
    next(new AppError('forbidden', 'errors.forbidden'));
  });
};

/** Admins and focal officers: an enumerator has only the interview app (src/web/interviews.ts). */
export const requireStaff: RequestHandler = (_req, res, next) => {
  if (currentUser(res)?.role !== 'enumerator') return next();
  next(new AppError('forbidden', 'errors.forbidden'));
};

/**
 * For routes with a `:unitId` parameter: admins pass; an officer passes only for one of their own units. Any other
 * unit is a 404, so an officer cannot even learn which unit ids exist.
 */
export function requireUnitAccess(req: Request, res: Response, next: NextFunction): void {
  const user = currentUser(res);
  const unitId = Number(req.params.unitId);
  if (user && inUnitScope(unitScopeOf(user), unitId)) return next();
  next(new AppError('not_found', 'errors.notFound'));
}

/** Only a same-site path may follow login: never "//evil.example" or "https://…". */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return undefined;
  }
  return next;
}
