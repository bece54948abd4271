import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { AppError, orThrow } from '../../errors';
import { tFor } from '../locale';
import { planSend, SEND_KINDS } from '../../invitations/plan-send';
import { sendInvitations } from '../../invitations/send-invitations';
import { sendReminders } from '../../invitations/send-reminders';
import { getCampaignUnit } from '../../units/campaign-units';
import { getBatchProgress } from '../../mail/outbox-queries';
import { actorOf, campaignId } from './params';

const confirmQuery = z.object({
  kind: z.enum(SEND_KINDS).catch('invitations'),
  unitId: z.coerce.number().int().positive().optional().catch(undefined),
});
const batchIdParam = z.string().regex(/^[0-9A-Za-z_-]{10,40}$/);

/** Progress of one send: how many of its messages left (sent, failed or bounced) out of all it queued. */
function progressOf(counts: ReturnType<typeof getBatchProgress>) {
  const done = counts.sent + counts.failed + counts.bounced;
  return {
    ...counts,
    done,
    finished: done >= counts.total,
    percent: counts.total === 0 ? 100 : Math.floor((done * 100) / counts.total),
  };
}

/** Send invitations or reminders from the dashboard, and follow one send on its progress page. */
export function sendingRoutes(ctx: AppContext): Router {
  const router = Router();

  // Before any send, a page says how many messages will go to how many people (and what is left out): one
  // click on the dashboard must not mail thousands of people unawares. Its button posts to the routes below.
  router.get('/campaigns/:campaignId/gui/xac-nhan', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const { kind, unitId } = confirmQuery.parse(req.query);
    const unit = unitId === undefined ? null : getCampaignUnit(ctx.db, campaign.id, unitId);
    res.render('admin/send-confirm', {
      title: tFor(res)('admin.sending.confirm.title'),
      campaign,
      kind,
      unit,
      plan: planSend(ctx.db, { campaignId: campaign.id, unitId, kind }, ctx.clock()),
    });
  });

  // The dashboard offers no send a refusal would answer (a draft or closed campaign has no button): a refusal
  // here is the error page.
  router.post('/campaigns/:campaignId/gui', (req, res) => {
    const id = campaignId(req);
    const input = { ...req.body, campaignId: id, publicUrl: ctx.config.PUBLIC_URL };
    const { batchId } = orThrow(sendInvitations(ctx.db, input, actorOf(res), ctx.clock()));
    res.redirect(303, `/admin/campaigns/${id}/gui/${batchId}`);
  });

  router.post('/campaigns/:campaignId/nhac', (req, res) => {
    const id = campaignId(req);
    const input = { ...req.body, campaignId: id, publicUrl: ctx.config.PUBLIC_URL };
    const { batchId } = orThrow(sendReminders(ctx.db, input, actorOf(res), ctx.clock()));
    res.redirect(303, `/admin/campaigns/${id}/gui/${batchId}`);
  });

  const batchIdOf = (req: Request) => {
    const parsed = batchIdParam.safeParse(req.params.batchId);
    if (!parsed.success) throw new AppError('not_found', 'errors.notFound');
    return parsed.data;
  };

  router.get('/campaigns/:campaignId/gui/:batchId', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const batchId = batchIdOf(req);
    const progress = progressOf(getBatchProgress(ctx.db, batchId));
    res.render('admin/send-progress', {
      title: tFor(res)('admin.sending.progressTitle'),
      campaign,
      batchId,
      progress,
      mailerKind: ctx.mailer.kind,
      // Without script the page reloads itself, but only while there is something left to watch.
      refreshSeconds: progress.finished ? null : 2,
    });
  });

  router.get('/campaigns/:campaignId/gui/:batchId/tien-do.json', (req, res) => {
    getCampaign(ctx.db, campaignId(req));
    res.json(progressOf(getBatchProgress(ctx.db, batchIdOf(req))));
  });

  return router;
}
