import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { ZodError } from 'zod';
import { AppError, isSqliteBusy } from './errors';
import type { MessageKey } from './i18n/messages';
import { publicDir, viewsDir } from './paths';
import { systemClock, type Clock } from './time';
import { createCsrf } from './web/csrf';
import { formShapedBody } from './web/form-values';
import { inOrder } from './web/in-order';
import { resolveAppSecret } from './web/secret';
import { localeMiddleware, localeOf, translatorFor, viewHelpersFor } from './web/locale';
import { adminRouter } from './web/admin';
import { authRouter } from './web/auth';
import { homeFor } from './web/auth';
import {
  currentUser,
  loadUser,
  requireAdmin,
  requireOwnPassword,
  requireStaff,
  requireUser,
} from './web/guards';
import { officerRouter } from './web/officer';
import { INTERVIEW_APP_PATH, interviewAppRouter, syncBodyParser } from './web/interviews';
import { openSurveyRouter } from './web/open-survey';
import { resultsRouter } from './web/results';
import type { AppContext } from './web/context';
import { redactSurveyError, redactSurveyPath, surveyRouter } from './web/survey';

/** The Express app, without listen(): the server and the tests both start from here. */
export function createApp(input: Omit<AppContext, 'clock'> & { clock?: Clock }): express.Express {
  const ctx: AppContext = { ...input, clock: input.clock ?? systemClock };
  const app = express();
  const isHttps = ctx.config.PUBLIC_URL.startsWith('https:');
  const appSecret = resolveAppSecret(ctx.config.SESSION_SECRET, ctx.config.databaseFile);
  const csrf = createCsrf(appSecret, isHttps);

  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Includes are written from the views root ('/partials/head'): ejs resolves those without the file-existence
  // check it makes for every relative include on every render.
  app.set('view options', { root: viewsDir });
  app.set('trust proxy', 'loopback');
  if (ctx.config.NODE_ENV === 'production') app.enable('view cache');
  app.disable('x-powered-by');
  // Pages are per person and per request (CSRF token, counts): an ETag would be a SHA-1 of every page for nothing.
  app.disable('etag');

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'] },
      },
      // Survey links carry their token in the path: never hand it to another site in a Referer.
      referrerPolicy: { policy: 'no-referrer' },
      // Browsers ignore HSTS over plain http, and a test or intranet instance must stay reachable by http.
      strictTransportSecurity: isHttps,
    }),
  );
  app.use('/static', express.static(publicDir, { maxAge: '1h' }));
  // Browsers ask for /favicon.ico where a page names no icon (a download, a JSON view).
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  // Every other response is for one person (a signed-in page or export, a survey link's form, a CSRF token):
  // no browser or proxy cache may keep a copy for the next user of the machine.
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  // Cookies first: even a body-parser error page is shown in the person's language.
  app.use(inOrder(noStore, cookieParser(), localeMiddleware(isHttps)));
  // A questionnaire's JSON, URL-encoded, is several times its size (Vietnamese letters are 2–3 bytes, 6–9 encoded).
  app.use(
    '/admin/campaigns/:campaignId/forms/:formType',
    express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 10 }),
  );
  app.use(`${INTERVIEW_APP_PATH}/sync`, syncBodyParser);
  const csrfLocals: RequestHandler = (req, res, next) => {
    // One token per response: every form on a page must carry the value the final cookie matches.
    let csrfToken: string | undefined;
    res.locals.csrfToken = () => (csrfToken ??= csrf.generateCsrfToken(req, res));
    res.locals.currentPath = req.path;
    next();
  };
  app.use(
    inOrder(
      express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 }),
      express.json({ limit: '64kb' }),
      formShapedBody,
      loadUser(ctx),
      csrfLocals,
      csrf.doubleCsrfProtection,
    ),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(surveyRouter(ctx));
  app.use(openSurveyRouter(ctx, appSecret));
  app.use(authRouter(ctx));
  app.use('/officer', requireUser, requireOwnPassword, requireStaff, officerRouter(ctx));
  app.use(INTERVIEW_APP_PATH, requireUser, requireOwnPassword, interviewAppRouter(ctx));
  app.use('/admin', requireAdmin, requireOwnPassword, adminRouter(ctx), resultsRouter(ctx));
  app.get('/', (_req, res) => res.redirect(homeFor(currentUser(res))));

  app.use((_req, _res, next) => next(new AppError('not_found', 'errors.notFound')));
  app.use(errorHandler(ctx, csrf.invalidCsrfTokenError));
  return app;
}

function errorHandler(ctx: AppContext, csrfError: unknown): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err, csrfError);
    // Survey paths carry a token: logs keep only its first characters, in the path and in the error.
    if (appError.status >= 500) {
      (ctx.logger ?? console).error(
        { err: redactSurveyError(err, req.path), path: redactSurveyPath(req.path) },
        'request failed',
      );
    }
    res.status(appError.status);
    if (appError.code === 'busy') res.set('Retry-After', '5');
    const locale = localeOf(req);
    const tr = translatorFor(locale);
    const message = tr(appError.key, appError.params);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: appError.code, message });
      return;
    }
    // Locals are passed explicitly: a body-parser error (413) happens before the middleware that sets them.
    res.render('errors/error', { title: tr(titleKey(appError)), message, t: tr, h: viewHelpersFor(locale) });
  };
}

/** Maps anything a route throws to the AppError shown to the person: never a stack trace. */
export function toAppError(err: unknown, csrfError: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err === csrfError) return new AppError('forbidden', 'errors.csrf');
  const e = err as { type?: string; status?: number };
  if (isSqliteBusy(err)) return new AppError('busy', 'errors.busy');
  // A route's schema refusing what a request carried (a field sent twice, too long, of the wrong kind): the
  // request is at fault, not the server, whichever route parsed it.
  if (err instanceof ZodError) return new AppError('invalid_input', 'errors.badRequest');
  // Body parsers and the router flag their refusals with a 4xx status: too large or too many fields is a 413,
  // the rest (bad JSON, an unsupported charset, a path that is not valid percent-encoding…) a 400; none is a
  // server failure to log with the body it carries.
  if (e.status === 413) return new AppError('payload_too_large', 'errors.payloadTooLarge');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError('invalid_input', 'errors.badRequest');
  }
  return new AppError('internal', 'errors.internal');
}

function titleKey(error: AppError): MessageKey {
  if (error.status === 503) return 'errors.busyTitle';
  if (error.status === 404) return 'errors.notFoundTitle';
  if (error.status === 403) return 'errors.forbiddenTitle';
  if (error.status === 400) return 'errors.badRequestTitle';
  return 'errors.internalTitle';
}
