import { Router } from 'express';
import type { AppContext } from '../app';
import { listCampaigns } from '../campaigns/campaigns';

export function adminRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('admin/index', { title: 'Đợt khảo sát', campaigns: listCampaigns(ctx.db) });
  });
  return router;
}
