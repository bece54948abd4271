import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign, type Campaign } from '../../campaigns/campaigns';
import { allQuestions, maxPoints } from '../../forms/definition';
import { assertFormEditable, updateFormDefinition } from '../../campaigns/update-form-definition';
import { definitionProblems } from '../../forms/definition-text';
import { countResponses } from '../../responses/read-responses';
import { getFormDefinition } from '../../forms/get-form-definition';
import { AppError, statusOf } from '../../errors';
import { endOfVnDay, vnDay } from '../../time';
import { listCampaignUnits, listFormTypes } from '../../units/campaign-units';
import { tFor } from '../locale';
import { renderSurveyForm } from '../survey-form';
import { actorOf, campaignId } from './params';

const savedQuery = z.object({
  saved: z.string().optional().catch(undefined),
  version: z.coerce.number().int().optional().catch(undefined),
  unchanged: z.string().optional().catch(undefined),
});
const editBody = z.object({ definition: z.string().default('') });
/** `?version=N` of the preview: absent or empty is the version in use; anything but a positive integer is a 404. */
const previewQuery = z.object({
  version: z
    .string()
    .regex(/^([1-9]\d{0,8})?$/)
    .optional(),
});
const SAMPLE_DEADLINE_DAYS = 14;

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
    const input = { campaignId: id, formType, definition: text };
    const saved = updateFormDefinition(ctx.db, input, actorOf(res), ctx.clock());
    if (!saved.ok) {
      const problems = definitionProblems(saved, text, tFor(res));
      const status = saved.code === 'invalid_input' ? 422 : statusOf(saved);
      return renderEditor(res, getCampaign(ctx.db, id), formType, text, problems, status);
    }
    const { changed, version } = saved.value;
    const query = changed ? `saved=${formType}&version=${version}` : `unchanged=${formType}`;
    res.redirect(303, `/admin/campaigns/${id}/forms?${query}`);
  });

  // The respondent's page with sample person data. Read-only: no invitation is looked up or touched, and the form
  // has no action and a disabled button (see renderSurveyForm), so nothing can be stored from it.
  router.get('/campaigns/:campaignId/forms/:formType/xem-truoc', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const formType = String(req.params.formType);
    const type = listFormTypes(ctx.db).find((f) => f.code === formType);
    if (!type) throw new AppError('not_found', 'forms.unknownFormType', { formType });
    const query = previewQuery.safeParse(req.query);
    if (!query.success) throw new AppError('not_found', 'errors.notFound');
    const version = query.data.version ? Number(query.data.version) : undefined;
    const form = getFormDefinition(ctx.db, campaign.id, formType, version);
    if (!form) {
      throw new AppError(
        'not_found',
        version === undefined ? 'admin.forms.none' : 'admin.forms.preview.unknownVersion',
        { version: version ?? '' },
      );
    }
    const tr = tFor(res);
    const unit = listCampaignUnits(ctx.db, campaign.id)[0];
    const base = `/admin/campaigns/${campaign.id}/forms`;
    renderSurveyForm(res, {
      definition: form.definition,
      person: {
        campaignName: campaign.name,
        fullName: tr('admin.forms.preview.sampleName'),
        formTypeName: type.name,
        unitName: unit?.name ?? tr('admin.forms.preview.sampleUnit'),
        deadlineAt: sampleDeadline(unit?.deadlineAt ?? null, campaign.closesAt, ctx.clock()),
      },
      otherForms: [],
      contact: campaign,
      answers: {},
      errors: {},
      target: {
        preview: {
          version: form.version,
          formsHref: base,
          editHref: campaign.status === 'closed' ? null : `${base}/${formType}`,
        },
      },
    });
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
    if (!type) throw new AppError('not_found', 'forms.unknownFormType', { formType });
    let closed = false;
    try {
      assertFormEditable(ctx.db, campaign.id, formType);
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
      answered: countResponses(ctx.db, campaign.id, formType),
      closed,
      text,
      errors,
    });
  }

  return router;
}

/** The first unit's deadline or the campaign's closing time, the earlier; else the end of a day two weeks on. */
function sampleDeadline(unitDeadline: number | null, closesAt: number | null, now: number): number {
  const known = [unitDeadline, closesAt].filter((d): d is number => d !== null);
  if (known.length > 0) return Math.min(...known);
  return endOfVnDay(vnDay(now + SAMPLE_DEADLINE_DAYS * 24 * 3600_000));
}
