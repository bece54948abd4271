import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { auditDetailText } from '../../audit/audit-detail';
import { auditActors, listAudit } from '../../audit/list-audit';
import { listCampaigns } from '../../campaigns/campaigns';
import { localeOf, tFor } from '../locale';

const auditQuery = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  campaign: z.coerce.number().int().positive().optional().catch(undefined),
  actor: z.string().trim().max(120).optional().catch(undefined),
});

/** The audit log of admin actions, newest first, 50 a page, filtered by campaign and by person. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/audit', (req, res) => {
    const query = auditQuery.parse(req.query);
    const campaigns = listCampaigns(ctx.db);
    const log = listAudit(ctx.db, {
      page: query.page,
      campaignId: query.campaign,
      actor: query.actor || undefined,
    });
    const locale = localeOf(req);
    res.render('admin/audit', {
      title: tFor(res)('admin.audit.title'),
      log: { ...log, rows: log.rows.map((e) => ({ ...e, detail: auditDetailText(locale, e.detail) })) },
      query,
      campaigns,
      campaignNames: Object.fromEntries(campaigns.map((c) => [c.id, c.name])),
      actors: auditActors(ctx.db),
    });
  });
  return router;
}
