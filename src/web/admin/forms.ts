import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { getCampaign, type Campaign } from '../../campaigns/campaigns';
import { allQuestions, maxPoints } from '../../forms/definition';
import { assertEditable, responseCount, updateFormDefinition } from '../../forms/edit-form-definition';
import { getFormDefinition } from '../../forms/get-form-definition';
import { AppError } from '../../errors';
import { t } from '../../i18n/messages';
import { listFormTypes } from '../../units/campaign-units';
import { tFor } from '../locale';
import { actorOf, campaignId } from './params';

const savedQuery = z.object({
  saved: z.string().optional().catch(undefined),
  version: z.coerce.number().int().optional().catch(undefined),
  unchanged: z.string().optional().catch(undefined),
});
const editBody = z.object({ definition: z.string().default('') });

/** The questionnaires of a campaign, and their editor (a new version per save). */
export function formRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:campaignId/forms', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const types = listFormTypes(ctx.db);
    const forms = types.map((type) => {
      const current = getFormDefinition(ctx.db, campaign.id, type.code);
      return {
        type,
        version: current?.version ?? null,
        definition: current?.definition ?? null,
        questionCount: current ? allQuestions(current.definition).length : 0,
        maxPoints: current ? maxPoints(current.definition) : 0,
      };
    });
    const query = savedQuery.parse(req.query);
    const savedType = types.find((f) => f.code === (query.saved ?? query.unchanged));
    res.render('admin/forms', {
      title: tFor(res)('admin.forms.title'),
      campaign,
      forms,
      notice: savedType
        ? query.saved
          ? tFor(res)('admin.forms.saved', { version: query.version ?? '', name: savedType.name })
          : tFor(res)('admin.forms.unchanged')
        : null,
    });
  });

  router.get('/campaigns/:campaignId/forms/:formType', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const formType = String(req.params.formType);
    const current = getFormDefinition(ctx.db, campaign.id, formType);
    renderEditor(
      res,
      campaign,
      formType,
      current ? JSON.stringify(current.definition, null, 2) : '',
      [],
      200,
    );
  });

  router.post('/campaigns/:campaignId/forms/:formType', (req, res) => {
    const id = campaignId(req);
    const formType = String(req.params.formType);
    const { definition: text } = editBody.parse(req.body ?? {});
    const result = updateFormDefinition(
      ctx.db,
      { campaignId: id, formType, text },
      actorOf(res),
      ctx.clock(),
      tFor(res),
    );
    if (!result.ok) return renderEditor(res, getCampaign(ctx.db, id), formType, text, result.errors, 422);
    const query = result.changed ? `saved=${formType}&version=${result.version}` : `unchanged=${formType}`;
    res.redirect(303, `/admin/campaigns/${id}/forms?${query}`);
  });

  function renderEditor(
    res: Response,
    campaign: Campaign,
    formType: string,
    text: string,
    errors: string[],
    status: number,
  ) {
    const type = listFormTypes(ctx.db).find((f) => f.code === formType);
    if (!type) throw new AppError('not_found', t('forms.unknownFormType', { formType }));
    let closed = false;
    try {
      assertEditable(ctx.db, campaign.id, formType);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'campaign_closed') throw error;
      closed = true;
    }
    const current = getFormDefinition(ctx.db, campaign.id, formType);
    res.status(status).render('admin/form-edit', {
      title: tFor(res)('admin.forms.editTitle', { name: type.name }),
      campaign,
      type,
      version: current?.version ?? null,
      answered: responseCount(ctx.db, campaign.id, formType),
      closed,
      text,
      errors,
    });
  }

  return router;
}
