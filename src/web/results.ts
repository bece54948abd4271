import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from './context';
import type { Actor } from '../audit/actor';
import { getCampaign } from '../campaigns/campaigns';
import { closeCampaign, reopenCampaign } from '../campaigns/close-campaign';
import { AppError, orThrow, statusOf } from '../errors';
import { responsesTable } from '../exports/responses-table';
import { rankingExplanation, resultsTable, resultsWorkbook } from '../exports/results-table';
import { CSV_DIALECTS, toCsv, toXlsx, type CsvDialect, type Table } from '../exports/tabular';
import { type Locale } from '../i18n/messages';
import { tFor } from './locale';
import {
  explainReduction,
  getCampaignResults,
  getUnitBreakdown,
  RESULT_SORTS,
} from '../campaigns/campaign-results';
import { directoryPurgedAt } from '../audit/list-audit';
import { getIndexRanking } from '../campaigns/index-ranking';
import { getReportSettings } from '../campaigns/report-settings';
import { updateReportSettings } from '../campaigns/update-report-settings';
import { UNIT_GROUPS } from '../units/campaign-units';
import { refusalTexts } from './form-values';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const unitParams = idParams.extend({ unitId: z.coerce.number().int().positive() });
const sortQuery = z.object({
  sort: z.enum(RESULT_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  done: z.enum(['closed', 'reopened']).optional().catch(undefined),
});
const dialectQuery = z.object({ dialect: z.enum(CSV_DIALECTS).catch('standard') });
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
    const locale = res.locals.locale as Locale;
    res.render('results/index', {
      title: tFor(res)('results.title'),
      results,
      ranking: getIndexRanking(ctx.db, results),
      rankingExplanation: (u: Parameters<typeof rankingExplanation>[0]) => rankingExplanation(u, locale),
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
    const results = getCampaignResults(ctx.db, id);
    const locale = res.locals.locale as Locale;
    res.render('results/print', {
      title: tFor(res)('results.printTitle'),
      results,
      ranking: getIndexRanking(ctx.db, results),
      settings: getReportSettings(ctx.db, id),
      explainReduction: explainIn(res),
      rankingExplanation: (u: Parameters<typeof rankingExplanation>[0]) => rankingExplanation(u, locale),
      today: ctx.clock(),
    });
  });

  const renderSettings = (
    res: Response,
    status: number,
    id: number,
    form: Record<string, unknown>,
    errors: Record<string, string> = {},
  ) =>
    res.status(status).render('results/settings', {
      title: tFor(res)('results.settings.title'),
      campaign: getCampaign(ctx.db, id),
      groups: UNIT_GROUPS,
      form,
      errors,
    });
  router.get('/campaigns/:id/results/settings', (req, res) => {
    const { id } = parse(idParams, req.params);
    const s = getReportSettings(ctx.db, id);
    const form = {
      ...s,
      recipients: s.recipients.join('\n'),
      ...Object.fromEntries(UNIT_GROUPS.map((g) => [`points_${g}`, s.surveyPoints[g]])),
      saved: req.query.saved === '1',
    };
    renderSettings(res, 200, id, form);
  });
  router.post('/campaigns/:id/results/settings', (req, res) => {
    const { id } = parse(idParams, req.params);
    const outcome = updateReportSettings(ctx.db, { ...req.body, campaignId: id }, actorOf(res), ctx.clock());
    if (!outcome.ok)
      return renderSettings(res, statusOf(outcome), id, req.body, refusalTexts(res, outcome).fields);
    res.redirect(303, `/admin/campaigns/${id}/results/settings?saved=1`);
  });

  router.get('/campaigns/:id/results.csv', (req, res) => {
    const { id } = parse(idParams, req.params);
    const { dialect } = dialectQuery.parse(req.query);
    sendCsv(res, resultsTable(ctx.db, id, dialect), `ket-qua-dot-${id}${suffix(dialect)}.csv`, dialect);
  });
  router.get('/campaigns/:id/results.xlsx', async (req, res) => {
    const { id } = parse(idParams, req.params);
    await sendXlsx(res, resultsWorkbook(ctx.db, id), `ket-qua-dot-${id}.xlsx`);
  });
  router.get('/campaigns/:id/responses.csv', (req, res) => {
    const { id } = parse(idParams, req.params);
    const { dialect } = dialectQuery.parse(req.query);
    sendCsv(res, responsesTable(ctx.db, id), `phieu-tra-loi-dot-${id}${suffix(dialect)}.csv`, dialect);
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

// "ket-qua-dot-3-excel-vn.csv": the two dialects downloaded side by side keep apart.
const suffix = (dialect: CsvDialect) => (dialect === 'vi' ? '-excel-vn' : '');

function sendCsv(res: Response, table: Table, fileName: string, dialect: CsvDialect): void {
  res.type('text/csv; charset=utf-8').attachment(fileName).send(toCsv(table, dialect));
}

async function sendXlsx(res: Response, tables: Table | Table[], fileName: string): Promise<void> {
  const body = await toXlsx(tables);
  res
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .attachment(fileName)
    .send(body);
}
