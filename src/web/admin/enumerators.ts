import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { statusOf, type Outcome } from '../../errors';
import { assignEnumerator, unassignEnumerator } from '../../interviews/assignments';
import { REJECT_REASONS, reviewHeldAnswer } from '../../responses/held-answers';
import { superviseCampaign } from '../../interviews/supervision';
import { listUsers } from '../../auth';
import { listCampaignUnits, listFormTypes } from '../../units/campaign-units';
import { refusalTexts } from '../form-values';
import { tFor } from '../locale';
import { actorOf, campaignId } from './params';

/**
 * The supervisor's page of a campaign's enumerators (docs/DOMAIN.md § Interviews): assignments with their targets,
 * interviews per enumerator, unit and day, and the held interviews to accept or send back.
 */
export function enumeratorRoutes(ctx: AppContext): Router {
  const router = Router();

  const render = (res: Response, id: number, status = 200, notice = '', error = '') => {
    const campaign = getCampaign(ctx.db, id);
    res.status(status).render('admin/enumerators', {
      title: tFor(res)('interviews.admin.title'),
      campaign,
      notice,
      error,
      view: superviseCampaign(ctx.db, id),
      enumerators: listUsers(ctx.db).filter((u) => u.role === 'enumerator'),
      units: listCampaignUnits(ctx.db, id),
      formTypes: listFormTypes(ctx.db),
      rejectReasons: REJECT_REASONS,
    });
  };
  /** Renders the page after a command: its refusal as the error, or what it did as the notice. */
  const after = <T>(res: Response, id: number, outcome: Outcome<T>, notice: (value: T) => string) => {
    if (!outcome.ok) return render(res, id, statusOf(outcome), '', refusalTexts(res, outcome).message);
    render(res, id, 200, notice(outcome.value));
  };

  router.get('/campaigns/:campaignId/dieu-tra-vien', (req, res) => render(res, campaignId(req)));

  router.post('/campaigns/:campaignId/dieu-tra-vien/phan-cong', (req, res) => {
    const id = campaignId(req);
    const outcome = assignEnumerator(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    after(res, id, outcome, (a) => tFor(res)('interviews.admin.assignedDone', { ...a, unit: a.unitCode }));
  });
  router.post('/campaigns/:campaignId/dieu-tra-vien/bo-phan-cong', (req, res) => {
    const id = campaignId(req);
    const outcome = unassignEnumerator(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    after(res, id, outcome, (a) => tFor(res)('interviews.admin.unassignedDone', { ...a, unit: a.unitCode }));
  });
  router.post('/campaigns/:campaignId/dieu-tra-vien/duyet', (req, res) => {
    const id = campaignId(req);
    const outcome = reviewHeldAnswer(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    after(res, id, outcome, (r) => tFor(res)('interviews.admin.reviewedDone', { uuid: r.uuid ?? '' }));
  });
  return router;
}
