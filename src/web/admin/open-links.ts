import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { statusOf } from '../../errors';
import { openThresholds } from '../../open-links/checks';
import { issueOpenLinks } from '../../open-links/issue-open-links';
import { listOpenLinks, openLinkUrl } from '../../open-links/open-links';
import { revokeOpenLink } from '../../open-links/revoke-open-link';
import { updateOpenSettings } from '../../open-links/update-open-settings';
import { listHeldAnswers, REJECT_REASONS, reviewHeldAnswer } from '../../responses/held-answers';
import { refusalTexts } from '../form-values';
import { tFor } from '../locale';
import { renderPosters, heldAnswersView } from '../open-link-views';
import { actorOf, campaignId } from './params';

/**
 * A campaign's open links (docs/DOMAIN.md § Open links): the thresholds, the links per unit with their
 * revocation, the posters to print, and the review of held answers.
 */
export function openLinkRoutes(ctx: AppContext): Router {
  const router = Router();
  const base = (id: number) => `/admin/campaigns/${id}/open-links`;

  const renderPage = (
    res: Response,
    id: number,
    extra: { flash?: string | null; form?: Record<string, unknown>; errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const campaign = getCampaign(ctx.db, id);
    res.status(status).render('admin/open-links', {
      title: tFor(res)('open.admin.title'),
      campaign,
      links: listOpenLinks(ctx.db, id).map((l) => ({
        ...l,
        url: openLinkUrl(ctx.config.PUBLIC_URL, l.code),
      })),
      heldCount: listHeldAnswers(ctx.db, id).length,
      form: extra.form ?? openThresholds(ctx.db, id),
      errors: extra.errors ?? {},
      flash: extra.flash ?? null,
    });
  };

  router.get('/campaigns/:campaignId/open-links', (req, res) => {
    const tr = tFor(res);
    const q = req.query;
    const flash =
      q.issued !== undefined
        ? Number(q.issued) > 0
          ? tr('open.admin.issued', { n: Number(q.issued) })
          : tr('open.admin.noneIssued')
        : typeof q.revoked === 'string'
          ? typeof q.replacedBy === 'string'
            ? tr('open.admin.replacedDone', { code: q.revoked, newCode: q.replacedBy })
            : tr('open.admin.revokedDone', { code: q.revoked })
          : q.saved !== undefined
            ? tr('open.admin.saved')
            : null;
    renderPage(res, campaignId(req), { flash });
  });

  router.post('/campaigns/:campaignId/open-links/issue', (req, res) => {
    const id = campaignId(req);
    const outcome = issueOpenLinks(ctx.db, { campaignId: id }, actorOf(res), ctx.clock());
    if (!outcome.ok)
      return renderPage(res, id, { flash: refusalTexts(res, outcome).message }, statusOf(outcome));
    res.redirect(303, `${base(id)}?issued=${outcome.value.created}`);
  });

  router.post('/campaigns/:campaignId/open-links/revoke', (req, res) => {
    const id = campaignId(req);
    const outcome = revokeOpenLink(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    if (!outcome.ok)
      return renderPage(res, id, { flash: refusalTexts(res, outcome).message }, statusOf(outcome));
    const { link, newCode } = outcome.value;
    res.redirect(303, `${base(id)}?revoked=${link.code}${newCode ? `&replacedBy=${newCode}` : ''}`);
  });

  router.post('/campaigns/:campaignId/open-links/settings', (req, res) => {
    const id = campaignId(req);
    const outcome = updateOpenSettings(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    if (!outcome.ok) {
      const texts = refusalTexts(res, outcome);
      return renderPage(
        res,
        id,
        { form: req.body, errors: texts.fields, flash: texts.message },
        statusOf(outcome),
      );
    }
    res.redirect(303, `${base(id)}?saved=1`);
  });

  router.get('/campaigns/:campaignId/open-links/posters', async (req, res) => {
    const id = campaignId(req);
    const unit = Number(req.query.unit);
    await renderPosters(
      ctx.db,
      ctx.config.PUBLIC_URL,
      res,
      id,
      Number.isSafeInteger(unit) && unit > 0 ? [unit] : undefined,
    );
  });

  const renderHeld = (res: Response, id: number, flash: string | null, status = 200) =>
    res.status(status).render('admin/held-answers', {
      title: tFor(res)('open.held.title'),
      campaign: getCampaign(ctx.db, id),
      held: heldAnswersView(ctx.db, id, tFor(res)),
      rejectReasons: REJECT_REASONS,
      flash,
    });

  router.get('/campaigns/:campaignId/held', (req, res) => {
    const id = campaignId(req);
    const tr = tFor(res);
    const unit = typeof req.query.unit === 'string' ? req.query.unit : '';
    const flash =
      req.query.done === 'accept'
        ? tr('open.held.accepted', { unit })
        : req.query.done === 'reject'
          ? tr('open.held.rejected', { unit })
          : null;
    renderHeld(res, id, flash);
  });

  router.post('/campaigns/:campaignId/held/:answerId', (req, res) => {
    const id = campaignId(req);
    const input = { ...req.body, campaignId: id, answerId: String(req.params.answerId) };
    const outcome = reviewHeldAnswer(ctx.db, input, actorOf(res), ctx.clock());
    if (!outcome.ok) return renderHeld(res, id, refusalTexts(res, outcome).message, statusOf(outcome));
    const unit = outcome.value.unitCode;
    res.redirect(
      303,
      `/admin/campaigns/${id}/held?done=${String(input.decision)}&unit=${encodeURIComponent(unit)}`,
    );
  });

  return router;
}
