import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from './context';
import type { Actor } from '../audit/actor';
import { closeCampaign, reopenCampaign } from '../campaigns/close-campaign';
import { AppError, orThrow } from '../errors';
import { responsesTable } from '../exports/responses-table';
import { resultsTable } from '../exports/results-table';
import { toCsv, toXlsx, type Table } from '../exports/tabular';
import { type Locale } from '../i18n/messages';
import { tFor } from './locale';
import {
  explainReduction,
  getCampaignResults,
  getUnitBreakdown,
  RESULT_SORTS,
} from '../campaigns/campaign-results';
import { directoryPurgedAt } from '../audit/list-audit';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const unitParams = idParams.extend({ unitId: z.coerce.number().int().positive() });
const sortQuery = z.object({
  sort: z.enum(RESULT_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  done: z.enum(['closed', 'reopened']).optional().catch(undefined),
});
const printQuery = z.object({
  province: z.string().trim().max(60).catch(''),
  place: z.string().trim().max(60).catch(''),
});
const reopenBody = z.object({ reason: z.string().max(500).catch('') });

/** explainReduction in the page's language. */
function explainIn(res: Response) {
  const locale = res.locals.locale as Locale;
  return (score: Parameters<typeof explainReduction>[0]) => explainReduction(score, locale);
}

/** Results, per-unit breakdown, exports, printable report, close and reopen; mounted under /admin. */
export function resultsRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/campaigns/:id/results', (req, res) => {
    const { id } = parse(idParams, req.params);
    const q = sortQuery.parse(req.query);
    const results = getCampaignResults(ctx.db, id, { by: q.sort, descending: q.dir === 'desc' });
    res.render('results/index', {
      title: tFor(res)('results.title'),
      results,
      sort: q,
      explainReduction: explainIn(res),
      purgedAt: results.campaign.status === 'closed' ? directoryPurgedAt(ctx.db, id) : null,
    });
  });

  router.get('/campaigns/:id/results/units/:unitId', (req, res) => {
    const { id, unitId } = parse(unitParams, req.params);
    const breakdown = getUnitBreakdown(ctx.db, id, unitId);
    res.render('results/unit', {
      title: tFor(res)('results.unitTitle'),
      breakdown,
      explainReduction: explainIn(res),
    });
  });

  router.get('/campaigns/:id/results/print', (req, res) => {
    const { id } = parse(idParams, req.params);
    const q = printQuery.parse(req.query);
    const results = getCampaignResults(ctx.db, id);
    res.render('results/print', {
      title: tFor(res)('results.printTitle'),
      results,
      province: q.province,
      place: q.place,
      today: ctx.clock(),
    });
  });

  router.get('/campaigns/:id/results.csv', (req, res) => {
    const { id } = parse(idParams, req.params);
    sendCsv(res, resultsTable(ctx.db, id), `ket-qua-dot-${id}.csv`);
  });
  router.get('/campaigns/:id/results.xlsx', async (req, res) => {
    const { id } = parse(idParams, req.params);
    await sendXlsx(res, resultsTable(ctx.db, id), `ket-qua-dot-${id}.xlsx`);
  });
  router.get('/campaigns/:id/responses.csv', (req, res) => {
    const { id } = parse(idParams, req.params);
    sendCsv(res, responsesTable(ctx.db, id), `phieu-tra-loi-dot-${id}.csv`);
  });
  router.get('/campaigns/:id/responses.xlsx', async (req, res) => {
    const { id } = parse(idParams, req.params);
    await sendXlsx(res, responsesTable(ctx.db, id), `phieu-tra-loi-dot-${id}.xlsx`);
  });

  router.post('/campaigns/:id/close', (req, res) => {
    const { id } = parse(idParams, req.params);
    // The button shows only while the campaign is open; any refusal here is the error page.
    orThrow(closeCampaign(ctx.db, { campaignId: id }, actorOf(res), ctx.clock()));
    res.redirect(303, `/admin/campaigns/${id}/results?done=closed`);
  });
  router.post('/campaigns/:id/reopen', (req, res) => {
    const { id } = parse(idParams, req.params);
    const { reason } = reopenBody.parse(req.body ?? {});
    orThrow(reopenCampaign(ctx.db, { campaignId: id, reason }, actorOf(res), ctx.clock()));
    res.redirect(303, `/admin/campaigns/${id}/results?done=reopened`);
  });

  return router;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('not_found', 'errors.notFound');
  return parsed.data;
}

// The admin guard puts the signed-in user in res.locals.user; without one (tests, before the guard lands) the
// audit log says "web".
function actorOf(res: Response): Actor {
  const user = res.locals.user as { id?: number; username?: string } | undefined;
  return { userId: user?.id ?? null, name: user?.username ?? 'web' };
}

function sendCsv(res: Response, table: Table, fileName: string): void {
  res.type('text/csv; charset=utf-8').attachment(fileName).send(toCsv(table));
}

async function sendXlsx(res: Response, table: Table, fileName: string): Promise<void> {
  const body = await toXlsx(table);
  res
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .attachment(fileName)
    .send(body);
}
