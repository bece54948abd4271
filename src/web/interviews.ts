import express, { Router, type RequestHandler } from 'express';
import type { AppContext } from './context';
import { AppError, statusOf } from '../errors';
import { getFormDefinition } from '../forms/get-form-definition';
import { enumeratorOverview } from '../interviews/supervision';
import { syncInterviews } from '../interviews/sync-interviews';
import { publicDir } from '../paths';
import { actorOf } from './admin/params';
import { currentUser } from './guards';
import { localeOf, tFor, translatorFor } from './locale';
import { renderQuestions } from './survey-questions';

export const INTERVIEW_APP_PATH = '/dieu-tra';

/** An upload of 200 interviews with long free-text answers; far above a day's work, far below a memory risk. */
const SYNC_BODY_LIMIT = '4mb';

/**
 * The sync body is parsed here, before the app's form-shaped body (which keeps only flat texts), and handed to the
 * route aside; mounted in src/app.ts ahead of the other body parsers.
 */
export const syncBodyParser: RequestHandler[] = [
  express.json({ limit: SYNC_BODY_LIMIT }),
  (req, res, next) => {
    res.locals.syncBody = req.body as unknown;
    next();
  },
];

/** Enumerators only: anyone else signed in gets the 403 page. */
const requireEnumerator: RequestHandler = (_req, res, next) => {
  if (currentUser(res)?.role === 'enumerator') return next();
  next(new AppError('forbidden', 'errors.forbidden'));
};

/**
 * The enumerators' offline interview app (docs/DOMAIN.md § Interviews): the page (the app shell with the assigned
 * questionnaires, cached by the service worker), its manifest and worker, a CSRF token for uploads, and the sync.
 * Mounted at /dieu-tra behind requireUser and requireOwnPassword.
 */
export function interviewAppRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(requireEnumerator);

  router.get('/', (req, res) => {
    // The worker's scope is /dieu-tra/: the page must be inside it to work offline.
    if (req.originalUrl.split('?')[0] === INTERVIEW_APP_PATH)
      return res.redirect(301, `${INTERVIEW_APP_PATH}/`);
    const user = currentUser(res)!;
    const overview = enumeratorOverview(ctx.db, user.id);
    const locale = localeOf(req);
    const forms = new Map<string, { campaignId: number; formType: string; version: number; html: string }>();
    for (const a of overview.assignments) {
      const key = `${a.campaignId}:${a.formType}`;
      if (forms.has(key)) continue;
      const form = getFormDefinition(ctx.db, a.campaignId, a.formType);
      if (!form) continue;
      const html = renderQuestions(
        form.definition,
        {},
        {},
        { cacheViews: res.app.enabled('view cache'), locale },
      );
      forms.set(key, { campaignId: a.campaignId, formType: a.formType, version: form.version, html });
    }
    res.render('interviews/app', {
      title: tFor(res)('interviews.app.title'),
      manifest: `${INTERVIEW_APP_PATH}/manifest.webmanifest`,
      overview,
      forms: [...forms.values()],
    });
  });

  // The worker's scope is its folder: served from /dieu-tra/ it may answer for the app's pages.
  router.get('/sw.js', (_req, res) => {
    res
      .type('text/javascript')
      .sendFile('interview-sw.js', { root: publicDir, headers: { 'Cache-Control': 'no-cache' } });
  });

  router.get('/manifest.webmanifest', (_req, res) => {
    const t = tFor(res);
    res.type('application/manifest+json').json({
      name: `${t('interviews.app.title')} · ${t('app.name')}`,
      short_name: t('interviews.app.title'),
      start_url: `${INTERVIEW_APP_PATH}/`,
      scope: `${INTERVIEW_APP_PATH}/`,
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#1d4e89',
      icons: [{ src: '/static/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
    });
  });

  // A fresh token for each upload: the one in a cached page may be older than the cookie.
  router.get('/csrf', (_req, res) => {
    res.json({ token: (res.locals.csrfToken as () => string)() });
  });

  router.post('/sync', (req, res) => {
    const outcome = syncInterviews(ctx.db, res.locals.syncBody as never, actorOf(res), ctx.clock());
    const tr = translatorFor(localeOf(req));
    if (!outcome.ok) return res.status(statusOf(outcome)).json({ error: tr.message(outcome.message) });
    const receipts = outcome.value.receipts.map((r) =>
      r.status === 'refused' ? { ...r, message: tr.message(r.message) } : r,
    );
    res.json({ receipts, held: outcome.value.held });
  });

  return router;
}
