import { Router } from 'express';
import type { AppContext } from './context';
import { auditRoutes } from './admin/audit';
import { campaignRoutes } from './admin/campaigns';
import { closingRoutes } from './admin/closing';
import { enumeratorRoutes } from './admin/enumerators';
import { formRoutes } from './admin/forms';
import { importRoutes } from './admin/imports';
import { mailTemplateRoutes } from './admin/mail-templates';
import { openLinkRoutes } from './admin/open-links';
import { outboxRoutes } from './admin/outbox';
import { sendingRoutes } from './admin/sending';
import { unitRoutes } from './admin/units';
import { userRoutes } from './admin/users';
import { tFor } from './locale';
import { adminNav, campaignTabs, withNav } from './nav';

/** Every /admin page; mounted behind requireAdmin in src/app.ts. */
export function adminRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(withNav(adminNav));
  router.use((_req, res, next) => {
    res.locals.campaignTabs = (campaignId: number) => campaignTabs(campaignId, tFor(res));
    next();
  });
  router.use(campaignRoutes(ctx));
  router.use(formRoutes(ctx));
  router.use(unitRoutes(ctx));
  router.use(userRoutes(ctx));
  router.use(auditRoutes(ctx));
  router.use(importRoutes(ctx));
  router.use(sendingRoutes(ctx));
  router.use(outboxRoutes(ctx));
  router.use(mailTemplateRoutes(ctx));
  router.use(closingRoutes(ctx));
  router.use(enumeratorRoutes(ctx));
  router.use(openLinkRoutes(ctx));
  return router;
}
