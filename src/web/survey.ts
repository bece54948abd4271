import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext, SurveyRateLimit } from './context';
import type { Config } from '../config';
import { resolveToken, type InvitationContext, type TokenState } from '../invitations/resolve-token';
import { surveyLink } from '../invitations/survey-link';
import { redactToken } from '../tokens';
import { submitResponse } from '../responses/submit-response';
import type { RawAnswers } from '../responses/validate-answers';
import type { MessageKey } from '../i18n/messages';
import { tFor } from './locale';
import { renderSurveyForm, type SurveyFormPage } from './survey-form';
import { thankYouHandoff } from './thank-you-handoff';

/** The survey limits set by SURVEY_RATE_LIMIT and SURVEY_UNKNOWN_TOKEN_LIMIT, per 5 minutes. */
export function surveyRateLimitFrom(config: Config): SurveyRateLimit {
  return {
    windowMs: 5 * 60 * 1000,
    limit: config.SURVEY_RATE_LIMIT,
    unknownLimit: config.SURVEY_UNKNOWN_TOKEN_LIMIT,
  };
}

/** The page status and title of each state in which a link takes no answer (the open links' too). */
export const REFUSALS: Record<Exclude<TokenState['state'], 'open'>, { status: number; title: MessageKey }> = {
  unknown: { status: 404, title: 'survey.refused.unknownTitle' },
  revoked: { status: 410, title: 'survey.refused.revokedTitle' },
  answered: { status: 409, title: 'survey.refused.answeredTitle' },
  draft: { status: 403, title: 'survey.refused.draftTitle' },
  not_yet_open: { status: 403, title: 'survey.refused.notYetOpenTitle' },
  past_deadline: { status: 410, title: 'survey.refused.pastDeadlineTitle' },
  closed: { status: 410, title: 'survey.refused.closedTitle' },
};

/** The respondent's pages: the form behind a mailed link, its submission and the thank-you page. */
export function surveyRouter(ctx: AppContext): Router {
  const router = Router();
  const publicUrl = ctx.config.PUBLIC_URL;
  const handoff = thankYouHandoff();

  const limiters = rateLimiters(ctx.surveyRateLimit ?? surveyRateLimitFrom(ctx.config));
  if (limiters.length > 0) router.use('/s', ...limiters);

  router.get('/s/:token', (req, res) => {
    const token = String(req.params.token);
    const state = resolveToken(ctx.db, token, ctx.clock());
    if (state.state !== 'open') return renderRefusal(res, state, publicUrl);
    renderForm(res, token, state, { answers: {}, errors: {}, contact: state.invitation }, publicUrl, 200);
  });

  router.post('/s/:token', async (req, res) => {
    const token = String(req.params.token);
    const answers = (req.body ?? {}) as RawAnswers;
    const result = await submitResponse(ctx.db, { token, answers, publicUrl }, ctx.clock());
    if (result.outcome === 'accepted') {
      handoff.give(token, result.state, ctx.clock());
      return res.redirect(303, `/s/${token}/cam-on`);
    }
    if (result.outcome === 'invalid') {
      return renderForm(
        res,
        token,
        result.state,
        { answers, errors: result.errors, contact: result.state.invitation },
        publicUrl,
        422,
      );
    }
    renderRefusal(res, result.state, publicUrl, true);
  });

  router.get('/s/:token/cam-on', (req, res) => {
    const token = String(req.params.token);
    const now = ctx.clock();
    const state = handoff.take(token, now) ?? resolveToken(ctx.db, token, now);
    if (state.state === 'open') return res.redirect(303, `/s/${token}`);
    if (state.state !== 'answered') return renderRefusal(res, state, publicUrl);
    res.render('survey/thank-you', {
      title: tFor(res)('survey.thankYouTitle'),
      token,
      invitation: state.invitation,
      otherForms: otherFormLinks(state.invitation, publicUrl),
      contact: state.invitation,
    });
  });

  // A link cut inside a percent-encoded character (…%E0%A4%A) fails the router's decoding: it is nobody's link,
  // so it gets the polite unknown-link page. Every other failure goes on to the app's handler, which logs it
  // without the token (redactSurveyError).
  router.use('/s', ((err, _req, res, next) => {
    if (!(err instanceof URIError)) return next(err);
    renderRefusal(res, { state: 'unknown' }, publicUrl, false, 400);
  }) as ErrorRequestHandler);

  return router;
}

const SURVEY_PATH = /^\/s\/([^/?#]+)/;

/** A survey URL with its token cut to the few characters logs may keep. */
export function redactSurveyPath(url: string): string {
  return url.replace(SURVEY_PATH, (_, token: string) => `/s/${redactToken(token)}`);
}

/**
 * An error as logs may keep it when it happened on a survey URL: the token cut short wherever the message or
 * the stack quotes it, as written in the URL or decoded (a router's decoding error, a database error naming the
 * value it refused).
 */
export function redactSurveyError(err: unknown, url: string): unknown {
  const raw = SURVEY_PATH.exec(url)?.[1];
  if (raw === undefined) return err;
  const forms = [raw, decodedOrAsIs(raw)];
  const redact = (text: string) =>
    forms.reduce((out, token) => out.replaceAll(token, redactToken(token)), text);
  if (typeof err === 'string') return redact(err);
  // Read as a shape, not by instanceof: better-sqlite3's errors may come from another realm (a test sandbox).
  const e = err as Partial<Record<'name' | 'message' | 'stack' | 'code' | 'status', unknown>> | null;
  if (typeof e?.message !== 'string') return err;
  const stack = typeof e.stack === 'string' ? redact(e.stack) : undefined;
  return { type: e.name, message: redact(e.message), stack, code: e.code, status: e.status };
}

function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The per-IP limiters of the survey links, shared by the personal (/s) and open (/k) ones. */
export function rateLimiters(limits: SurveyRateLimit | false): RequestHandler[] {
  if (limits === false) return [];
  const handler = (_req: Request, res: Response) => {
    const tr = tFor(res);
    res.status(429).render('errors/error', {
      title: tr('survey.refused.rateLimitedTitle'),
      message: tr('errors.rateLimited'),
    });
  };
  const common = {
    windowMs: limits.windowMs,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler,
  };
  const limiters: RequestHandler[] = [];
  if (limits.limit > 0) limiters.push(rateLimit({ ...common, limit: limits.limit }));
  if (limits.unknownLimit > 0) {
    // Counts only links that match nothing (unknown, or not even valid percent-encoding), so guessing tokens is
    // slowed while real respondents are not.
    limiters.push(
      rateLimit({
        ...common,
        limit: limits.unknownLimit,
        skipSuccessfulRequests: true,
        requestWasSuccessful: (_req, res) => res.statusCode !== 404 && res.statusCode !== 400,
      }),
    );
  }
  return limiters;
}

function otherFormLinks(invitation: InvitationContext, publicUrl: string) {
  return invitation.otherForms.map((o) => ({ ...o, link: surveyLink(publicUrl, o.token) }));
}

function renderForm(
  res: Response,
  token: string,
  state: Extract<TokenState, { state: 'open' }>,
  { answers, errors, contact }: Pick<SurveyFormPage, 'answers' | 'errors' | 'contact'>,
  publicUrl: string,
  status: number,
) {
  renderSurveyForm(
    res,
    {
      definition: state.form.definition,
      person: state.invitation,
      otherForms: otherFormLinks(state.invitation, publicUrl),
      contact,
      answers,
      errors,
      target: { action: `/s/${token}`, draftKey: `cchc.survey.${token}` },
    },
    status,
  );
}

function renderRefusal(
  res: Response,
  state: Exclude<TokenState, { state: 'open' }>,
  publicUrl: string,
  posted = false,
  status = REFUSALS[state.state].status,
) {
  res.status(status).render('survey/refused', {
    title: tFor(res)(REFUSALS[state.state].title),
    state,
    posted,
    otherForms: state.state === 'answered' ? otherFormLinks(state.invitation, publicUrl) : [],
  });
}
