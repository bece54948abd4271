import fs from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign, listCampaigns } from '../../campaigns/campaigns';
import { AppError, orThrow } from '../../errors';
import { tFor } from '../locale';
import { allowMailStyles } from '../mail-frame';
import { emlFileIn } from '../../mail/eml-files';
import { retryFailedMail } from '../../invitations/retry-failed-mail';
import { unitOfInvitation } from '../../invitations/list-unit-invitations';
import {
  getOutboxMessage,
  getOutboxSummary,
  listOutbox,
  MAIL_KINDS,
  OUTBOX_STATUS_FILTERS,
  OUTBOX_STATUSES,
} from '../../mail/outbox-queries';
import { actorOf, intParam } from './params';

const PAGE_SIZE = 50;

const listQuery = z.object({
  campaign: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(OUTBOX_STATUS_FILTERS).optional().catch(undefined),
  kind: z.enum(MAIL_KINDS).optional().catch(undefined),
  q: z.string().trim().max(200).catch('').default(''),
  page: z.coerce.number().int().positive().catch(1),
  retried: z.coerce.number().int().min(0).optional().catch(undefined),
  expedited: z.coerce.number().int().min(0).optional().catch(undefined),
});

/** The outbox: counts, a filtered list, one message with its bodies (and .eml), retry of failed mail. */
export function outboxRoutes(ctx: AppContext): Router {
  const router = Router();
  /** The message's .eml file, if it has one inside the mail directory and it is still there. */
  const emlFileOf = (stored: string | null) => {
    const file = stored === null ? null : emlFileIn(ctx.mailer.mailDir, stored);
    return file !== null && fs.existsSync(file) ? file : null;
  };

  router.get('/outbox', (req, res) => {
    const q = listQuery.parse(req.query);
    const campaign = q.campaign === undefined ? null : getCampaign(ctx.db, q.campaign);
    const filter = { campaignId: q.campaign, status: q.status, kind: q.kind, to: q.q };
    const { rows, total } = listOutbox(ctx.db, { ...filter, page: q.page, pageSize: PAGE_SIZE });
    res.render('admin/outbox', {
      title: tFor(res)('admin.outbox.title'),
      campaign,
      campaigns: listCampaigns(ctx.db),
      query: q,
      counts: getOutboxSummary(ctx.db, { campaignId: q.campaign }, 0).counts,
      rows,
      total,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      statuses: OUTBOX_STATUSES,
      kinds: MAIL_KINDS,
      mailerKind: ctx.mailer.kind,
    });
  });

  router.get('/outbox/:messageId', (req, res) => {
    const message = getOutboxMessage(ctx.db, intParam(req, 'messageId'));
    // The invitation's row in its unit's list, where the address can be fixed and the mail sent again.
    const unitId = message.invitationId === null ? undefined : unitOfInvitation(ctx.db, message.invitationId);
    allowMailStyles(res);
    res.render('admin/outbox-message', {
      title: tFor(res)('admin.outbox.messageTitle'),
      message,
      hasEml: emlFileOf(message.emlPath) !== null,
      unitLink:
        unitId !== undefined && message.campaignId !== null
          ? `/officer/units/${unitId}?campaign=${message.campaignId}&filter=all&q=${encodeURIComponent(message.to)}#list`
          : null,
    });
  });

  router.get('/outbox/:messageId/thu.eml', (req, res) => {
    const message = getOutboxMessage(ctx.db, intParam(req, 'messageId'));
    const file = emlFileOf(message.emlPath);
    if (file === null) throw new AppError('not_found', 'admin.outbox.noEml');
    res.type('message/rfc822').attachment(`thu-${message.id}.eml`).sendFile(file);
  });

  // The button is offered only for a campaign picked in the filter: a refusal here is the error page.
  router.post('/outbox/gui-lai', (req, res) => {
    const input = { campaignId: (req.body as { campaign?: unknown } | undefined)?.campaign };
    const retried = orThrow(retryFailedMail(ctx.db, input, actorOf(res), ctx.clock()));
    const { campaignId, requeued, expedited } = retried;
    res.redirect(
      303,
      `/admin/outbox?campaign=${campaignId}&status=queued&retried=${requeued}&expedited=${expedited}`,
    );
  });

  return router;
}
