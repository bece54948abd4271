import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import {
  getCampaignTemplates,
  resetMailTemplate,
  updateMailTemplate,
} from '../../campaigns/update-mail-template';
import { AppError, orThrow } from '../../errors';
import { renderSampleMail } from '../../mail/campaign-templates';
import { TEMPLATE_FIELDS, TEMPLATE_KINDS, type TemplateKind } from '../../mail/templates';
import { refusalTexts } from '../form-values';
import { tFor } from '../locale';
import { allowMailStyles } from '../mail-frame';
import { actorOf, campaignId } from './params';

const pageQuery = z.object({
  kind: z.enum(TEMPLATE_KINDS).catch('invitation'),
  saved: z.string().optional().catch(undefined),
});
const templateForm = z.object({ body: z.string().default(''), preview: z.string().optional() });

/** Edit a campaign's invitation, reminder and thank-you mail, each previewed as the mail it sends. */
export function mailTemplateRoutes(ctx: AppContext): Router {
  const router = Router();

  const render = (
    res: Response,
    status: number,
    id: number,
    kind: TemplateKind,
    body: string,
    extra: { errors?: string[]; notice?: string } = {},
  ) => {
    const tr = tFor(res);
    const campaign = getCampaign(ctx.db, id);
    const current = getCampaignTemplates(ctx.db, id)[kind];
    const sample = renderSampleMail(kind, body, campaign);
    allowMailStyles(res);
    res.status(status).render('admin/mail-templates', {
      title: tr('admin.templates.title'),
      campaign,
      kinds: TEMPLATE_KINDS,
      kind,
      current,
      body,
      preview: sample.ok ? sample.mail : null,
      errors: extra.errors ?? (sample.ok ? [] : sample.errors.map((e) => tr(e.key, e.params))),
      notice: extra.notice,
      fields: TEMPLATE_FIELDS,
      sampleNotice: tr('mail.personalDataNotice', { sender: tr('mail.defaultSender') }),
    });
  };

  router.get('/campaigns/:campaignId/mau-thu', (req, res) => {
    const id = campaignId(req);
    const { kind, saved } = pageQuery.parse(req.query);
    const notice = saved && tFor(res)(saved === '0' ? 'admin.templates.unchanged' : 'admin.templates.saved');
    render(res, 200, id, kind, getCampaignTemplates(ctx.db, id)[kind].body, { notice: notice || undefined });
  });

  router.post('/campaigns/:campaignId/mau-thu/:kind', (req, res) => {
    const id = campaignId(req);
    const kind = kindParam(req.params.kind);
    const parsed = templateForm.safeParse(req.body ?? {});
    if (!parsed.success) throw new AppError('invalid_input', 'admin.templates.badForm');
    const form = parsed.data;
    if (form.preview !== undefined) return render(res, 200, id, kind, form.body);
    const saved = updateMailTemplate(
      ctx.db,
      { campaignId: id, kind, body: form.body },
      actorOf(res),
      ctx.clock(),
    );
    if (!saved.ok && saved.fields?.body) {
      const errors = Object.values(refusalTexts(res, saved).fields);
      return render(res, 422, id, kind, form.body, { errors });
    }
    const { changed } = orThrow(saved);
    res.redirect(303, `/admin/campaigns/${id}/mau-thu?kind=${kind}&saved=${changed ? 1 : 0}`);
  });

  router.post('/campaigns/:campaignId/mau-thu/:kind/mac-dinh', (req, res) => {
    const id = campaignId(req);
    const kind = kindParam(req.params.kind);
    orThrow(resetMailTemplate(ctx.db, { campaignId: id, kind }, actorOf(res), ctx.clock()));
    res.redirect(303, `/admin/campaigns/${id}/mau-thu?kind=${kind}&saved=1`);
  });

  return router;
}

function kindParam(value: unknown): TemplateKind {
  const kind = z.enum(TEMPLATE_KINDS).safeParse(value);
  if (!kind.success) throw new AppError('not_found', 'errors.notFound');
  return kind.data;
}
