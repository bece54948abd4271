import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from './context';
import { resolveOpenLink, type OpenLinkState, type OpenTarget } from '../open-links/open-links';
import { formNonce, receiptOf, submitOpenAnswer } from '../open-links/submit-open-answer';
import type { RawAnswers } from '../responses/validate-answers';
import type { Message, MessageKey } from '../i18n/messages';
import { tFor } from './locale';
import { renderSurveyForm } from './survey-form';
import { rateLimiters, REFUSALS, surveyRateLimitFrom } from './survey';

/** The hidden field a person never sees and a form-filling robot fills (docs/DOMAIN.md § Open links). */
export const HONEYPOT_FIELD = 'website';
const RECEIPTS_KEPT = 50;
const RECEIPT_DAYS = 180;

type Refused = Exclude<OpenLinkState, { state: 'open' | 'pick_unit' }>;

/**
 * The open links' pages (docs/DOMAIN.md § Open links): `/k/<code>` shows the form of a unit's link, or first the
 * unit picker of the campaign-wide link; its POST takes the answer; `/k/<code>/cam-on` thanks. The browser keeps
 * a signed cookie of the units and form types it answered; the server keeps nothing of it.
 */
export function openSurveyRouter(ctx: AppContext, appSecret: string): Router {
  const router = Router();
  const limiters = rateLimiters(ctx.surveyRateLimit ?? surveyRateLimitFrom(ctx.config));
  if (limiters.length > 0) router.use('/k', ...limiters);
  const receipts = receiptCookie(appSecret, ctx.config.PUBLIC_URL.startsWith('https:'));

  router.get('/k/:code', (req, res) => {
    const code = String(req.params.code);
    const state = resolveOpenLink(ctx.db, code, ctx.clock(), chosenUnit(req.query['don-vi']));
    if (state.state === 'pick_unit') return renderPicker(req, res, state);
    if (state.state !== 'open') return renderRefusal(res, state);
    if (receipts.read(req).includes(receiptOf(state.target))) return renderAnsweredHere(res, state.target);
    const nonce = formNonce(ctx.db, state.target, ctx.clock());
    renderForm(res, state.target, nonce, {}, {}, null, 200);
  });

  router.post('/k/:code', async (req, res) => {
    const code = String(req.params.code);
    const body = (req.body ?? {}) as RawAnswers;
    const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
    const result = await submitOpenAnswer(
      ctx.db,
      {
        code,
        unitId: chosenUnit(body.don_vi),
        answers: body,
        nonce: text('nonce'),
        honeypot: text(HONEYPOT_FIELD),
        answeredHere: receipts.read(req),
        address: req.ip ?? '',
      },
      ctx.clock(),
    );
    switch (result.outcome) {
      case 'accepted':
        receipts.add(req, res, result.receipt);
        return res.redirect(303, `/k/${code}/cam-on${unitQuery(body.don_vi)}`);
      case 'invalid':
        return renderForm(res, result.target, text('nonce'), body, result.errors, null, 422);
      case 'resend':
        return renderForm(res, result.target, result.nonce, body, {}, `open.resend.${result.why}`, 409);
      case 'answered_here':
        return renderAnsweredHere(res, result.target, 409);
      default:
        return result.state.state === 'pick_unit'
          ? renderPicker(req, res, result.state)
          : renderRefusal(res, result.state, true);
    }
  });

  router.get('/k/:code/cam-on', (req, res) => {
    const code = String(req.params.code);
    const state = resolveOpenLink(ctx.db, code, ctx.clock(), chosenUnit(req.query['don-vi']));
    const tr = tFor(res);
    res.render('open/thank-you', {
      title: tr('survey.thankYouTitle'),
      target: state.state === 'open' ? state.target : null,
      draftKey: state.state === 'open' ? draftKeyOf(state.target) : '',
    });
  });

  return router;
}

function chosenUnit(value: unknown): number | undefined {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function unitQuery(value: unknown): string {
  const id = chosenUnit(value);
  return id === undefined ? '' : `?don-vi=${id}`;
}

function draftKeyOf(target: OpenTarget): string {
  return `cchc.open.${target.link.code}.${target.unitId}`;
}

function renderForm(
  res: Response,
  target: OpenTarget,
  nonce: string,
  answers: RawAnswers,
  errors: Record<string, Message>,
  notice: MessageKey | null,
  status: number,
) {
  const { link } = target;
  const hidden: Record<string, string> = { nonce };
  if (link.unitId === null) hidden.don_vi = String(target.unitId);
  renderSurveyForm(
    res,
    {
      definition: target.form.definition,
      person: {
        campaignName: link.campaignName,
        fullName: '',
        formTypeName: link.formTypeName,
        unitName: target.unitName,
        deadlineAt: target.deadlineAt,
      },
      otherForms: [],
      answers,
      errors,
      contact: link,
      target: {
        action: `/k/${link.code}`,
        draftKey: draftKeyOf(target),
        hidden,
        honeypot: HONEYPOT_FIELD,
        notice: notice ? { key: notice } : undefined,
      },
    },
    status,
  );
}

function renderPicker(req: Request, res: Response, state: Extract<OpenLinkState, { state: 'pick_unit' }>) {
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .toLowerCase();
  const units = q ? state.units.filter((u) => fold(`${u.name} ${u.code}`).includes(fold(q))) : state.units;
  res.render('open/pick-unit', { title: tFor(res)('open.pickTitle'), link: state.link, units, q });
}

function renderRefusal(res: Response, state: Refused, posted = false) {
  res.status(REFUSALS[state.state].status).render('open/refused', {
    title: tFor(res)(REFUSALS[state.state].title),
    state,
    posted,
  });
}

function renderAnsweredHere(res: Response, target: OpenTarget, status = 200) {
  res.status(status).render('open/refused', {
    title: tFor(res)('open.answeredHereTitle'),
    state: { state: 'answered_here' },
    target,
    posted: status !== 200,
  });
}

/**
 * The cookie naming the units and form types this browser answered by open links: signed, so it cannot be
 * written by hand to look like another browser's, and held only by the browser (docs/DOMAIN.md § Open links).
 */
function receiptCookie(secret: string, secure: boolean) {
  const name = secure ? '__Host-cchc.answered' : 'cchc.answered';
  const mac = (value: string) =>
    createHmac('sha256', `open-receipts:${secret}`)
      .update(value)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  const read = (req: Request): string[] => {
    const raw = (req.cookies as Record<string, unknown> | undefined)?.[name];
    if (typeof raw !== 'string') return [];
    const dot = raw.lastIndexOf('.');
    const value = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(mac(value));
    if (dot < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return [];
    return value.split('~').filter(Boolean);
  };
  const add = (req: Request, res: Response, receipt: string) => {
    const value = [...read(req).filter((r) => r !== receipt), receipt].slice(-RECEIPTS_KEPT).join('~');
    res.cookie(name, `${value}.${mac(value)}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: RECEIPT_DAYS * 24 * 60 * 60 * 1000,
    });
  };
  return { read, add };
}
