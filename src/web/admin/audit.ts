import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { listAudit } from '../../audit/list-audit';
import { tFor } from '../locale';

const auditQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });

/** The audit log of admin actions, newest first, 50 a page. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/audit', (req, res) => {
    res.render('admin/audit', {
      title: tFor(res)('admin.audit.title'),
      log: listAudit(ctx.db, auditQuery.parse(req.query)),
    });
  });
  return router;
}
