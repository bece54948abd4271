import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign, type Campaign } from '../../campaigns/campaigns';
import { getCampaignDashboard } from '../../campaigns/dashboard';
import { tFor } from '../locale';
import { directoryPurgedAt } from '../../audit/list-audit';
import { statusOf } from '../../errors';
import { purgeCampaignDirectory, type PurgeResult } from '../../respondents/purge-directory';
import { refusalTexts } from '../form-values';
import { actorOf, campaignId } from './params';

const count = z.coerce.number().int().min(0);
const purgedCounts = z.object({ respondents: count, mails: count, files: count });

/** The confirm steps before closing a campaign (the POST is in web/results.ts) and purging its personal data. */
export function closingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:campaignId/chot', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const now = ctx.clock();
    const { units, totals } = getCampaignDashboard(ctx.db, campaign.id, now, { sort: 'deadline' });
    res.render('admin/close-confirm', {
      title: tFor(res)('admin.closing.closeTitle'),
      campaign,
      totals,
      // Closing now cuts these units' time short: the page names them before the button.
      stillOpen: units.filter((u) => u.deadlineAt === null || u.deadlineAt > now),
    });
  });

  const renderPurge = (
    res: Response,
    status: number,
    campaign: Campaign,
    result: PurgeResult | null,
    error: string | null,
  ) =>
    res.status(status).render('admin/purge', {
      title: tFor(res)('admin.closing.purgeTitle'),
      campaign,
      result,
      error,
      purgedAt: result ? null : directoryPurgedAt(ctx.db, campaign.id),
    });

  router.get('/campaigns/:campaignId/xoa-du-lieu', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    // After a purge: the counts its redirect carries (numbers only), so a refresh never purges again.
    const done = purgedCounts.safeParse(req.query);
    renderPurge(res, 200, campaign, done.success ? done.data : null, null);
  });

  router.post('/campaigns/:campaignId/xoa-du-lieu', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const input = { ...req.body, campaignId: campaign.id, mailDir: ctx.mailer.mailDir };
    const purged = purgeCampaignDirectory(ctx.db, input, actorOf(res), ctx.clock());
    if (!purged.ok)
      return renderPurge(res, statusOf(purged), campaign, null, refusalTexts(res, purged).message);
    const { respondents, mails, files } = purged.value;
    res.redirect(
      303,
      `/admin/campaigns/${campaign.id}/xoa-du-lieu?${new URLSearchParams({
        respondents: String(respondents),
        mails: String(mails),
        files: String(files),
      })}`,
    );
  });

  return router;
}
