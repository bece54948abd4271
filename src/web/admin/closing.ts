import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { getCampaignDashboard } from '../../campaigns/dashboard';
import { tFor } from '../locale';
import { directoryPurgedAt } from '../../audit/list-audit';
import { purgeCampaignDirectory } from '../../respondents/purge-directory';
import { actorOf, campaignId } from './params';

const purgeForm = z.object({ confirm: z.literal('yes') });

/** The confirm steps before closing a campaign (the POST is in web/results.ts) and purging its personal data. */
export function closingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:campaignId/chot', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    const { totals } = getCampaignDashboard(ctx.db, campaign.id);
    res.render('admin/close-confirm', { title: tFor(res)('admin.closing.closeTitle'), campaign, totals });
  });

  router.get('/campaigns/:campaignId/xoa-du-lieu', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    res.render('admin/purge', {
      title: tFor(res)('admin.closing.purgeTitle'),
      campaign,
      result: null,
      error: null,
      purgedAt: directoryPurgedAt(ctx.db, campaign.id),
    });
  });

  router.post('/campaigns/:campaignId/xoa-du-lieu', (req, res) => {
    const campaign = getCampaign(ctx.db, campaignId(req));
    if (!purgeForm.safeParse(req.body).success) {
      return res.status(400).render('admin/purge', {
        title: tFor(res)('admin.closing.purgeTitle'),
        campaign,
        result: null,
        error: tFor(res)('admin.closing.confirmRequired'),
        purgedAt: directoryPurgedAt(ctx.db, campaign.id),
      });
    }
    // Audited inside the purge transaction (campaign.purge_directory).
    const result = purgeCampaignDirectory(
      ctx.db,
      { campaignId: campaign.id, mailDir: ctx.mailer.mailDir },
      actorOf(res),
      ctx.clock(),
    );
    res.render('admin/purge', {
      title: tFor(res)('admin.closing.purgeTitle'),
      campaign,
      result,
      error: null,
      purgedAt: null,
    });
  });

  return router;
}
