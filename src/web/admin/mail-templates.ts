import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { recordAudit } from '../../audit/record-audit';
import { getCampaign } from '../../campaigns/campaigns';
import { AppError } from '../../errors';
import { tFor } from '../locale';
import { t } from '../../i18n/messages';
import { getCampaignTemplates, renderSampleMail, setCampaignTemplates } from '../../mail/campaign-templates';
import {
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateOverrides,
} from '../../mail/templates';
import { actorOf, campaignId } from './params';

const kindQuery = z.object({ kind: z.enum(TEMPLATE_KINDS).catch('invitation') });
const templateForm = z.object({
  html: z.string().max(60_000),
  text: z.string().max(60_000),
  preview: z.string().optional(),
});

/** The campaign's overrides as stored: only the kinds edited away from the built-in text. */
function currentOverrides(ctx: AppContext, id: number): TemplateOverrides {
  const overrides: TemplateOverrides = {};
  for (const [kind, source] of Object.entries(getCampaignTemplates(ctx.db, id))) {
    if (source.overridden) overrides[kind as TemplateKind] = { html: source.html, text: source.text };
  }
  return overrides;
}

/** Edit a campaign's invitation, reminder and thank-you mail, with a preview on sample data. */
export function mailTemplateRoutes(ctx: AppContext): Router {
  const router = Router();

  const render = (
    res: Response,
    status: number,
    id: number,
    kind: TemplateKind,
    source: { html: string; text: string },
    extra: { error?: string; saved?: boolean } = {},
  ) => {
    const templates = getCampaignTemplates(ctx.db, id);
    const sample = renderSampleMail(kind, source);
    res.status(status).render('admin/mail-templates', {
      title: tFor(res)('admin.templates.title'),
      campaign: getCampaign(ctx.db, id),
      kinds: TEMPLATE_KINDS,
      kind,
      overridden: templates[kind].overridden,
      source,
      preview: sample.ok ? sample.mail : null,
      error: extra.error ?? (sample.ok ? undefined : sample.error),
      saved: extra.saved ?? false,
      variables: TEMPLATE_VARIABLES,
    });
  };

  router.get('/campaigns/:campaignId/mau-thu', (req, res) => {
    const id = campaignId(req);
    const { kind } = kindQuery.parse(req.query);
    const current = getCampaignTemplates(ctx.db, id)[kind];
    render(res, 200, id, kind, current, { saved: req.query.saved === '1' });
  });

  router.post('/campaigns/:campaignId/mau-thu/:kind', (req, res) => {
    const id = campaignId(req);
    const kind = z.enum(TEMPLATE_KINDS).safeParse(req.params.kind);
    if (!kind.success) throw new AppError('not_found', tFor(res)('errors.notFound'));
    const form = templateForm.safeParse(req.body);
    if (!form.success) throw new AppError('invalid_input', tFor(res)('mail.templateShape'));
    // Browsers post textarea lines with CRLF; the built-in files use LF, so an untouched form is no override.
    const source = {
      html: form.data.html.replace(/\r\n/g, '\n'),
      text: form.data.text.replace(/\r\n/g, '\n'),
    };
    if (form.data.preview !== undefined) return render(res, 200, id, kind.data, source);
    try {
      setCampaignTemplates(ctx.db, id, { ...currentOverrides(ctx, id), [kind.data]: source });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        return render(res, 400, id, kind.data, source, { error: error.message });
      }
      throw error;
    }
    recordAudit(
      ctx.db,
      actorOf(res),
      'mail.templates',
      { campaignId: id, text: t(`mail.kinds.${kind.data}`) },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${id}/mau-thu?kind=${kind.data}&saved=1`);
  });

  router.post('/campaigns/:campaignId/mau-thu/:kind/mac-dinh', (req, res) => {
    const id = campaignId(req);
    const kind = z.enum(TEMPLATE_KINDS).safeParse(req.params.kind);
    if (!kind.success) throw new AppError('not_found', tFor(res)('errors.notFound'));
    const overrides = currentOverrides(ctx, id);
    delete overrides[kind.data];
    setCampaignTemplates(ctx.db, id, overrides);
    recordAudit(
      ctx.db,
      actorOf(res),
      'mail.templates_reset',
      { campaignId: id, text: t(`mail.kinds.${kind.data}`) },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${id}/mau-thu?kind=${kind.data}&saved=1`);
  });

  return router;
}
