import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AppContext } from '../context';
import { getCampaign } from '../../campaigns/campaigns';
import { getCampaignProgress } from '../../campaigns/progress';
import { listShortfall } from '../../campaigns/unit-status';
import { toCsv } from '../../exports/tabular';
import { orThrow } from '../../errors';
import type { Locale, Message } from '../../i18n/messages';
import { commitUpload } from '../../imports/commit-upload';
import { discardUpload } from '../../imports/discard-upload';
import { problemText } from '../../imports/problem-text';
import { IMPORT_EXTENSIONS } from '../../imports/read-table';
import { sampleWorkbook } from '../../imports/sample-workbook';
import { stageUpload } from '../../imports/stage-upload';
import { getStagedUpload, type StagedUploadView } from '../../imports/staged-uploads';
import { dataDirOf, UPLOADS_FOLDER } from '../../imports/upload-files';
import { IMPORT_KINDS, type ImportKind, type ImportReport, type ProblemCount } from '../../imports/types';
import { formTypeNames, listCampaignUnits } from '../../units/campaign-units';
import { localeOf, tFor } from '../locale';
import { actorOf, campaignId } from './params';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const ERRORS_PER_PAGE = 50;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE_FILES: Record<string, ImportKind> = {
  'mau-don-vi.xlsx': 'units',
  'mau-nguoi-khao-sat.xlsx': 'respondents',
  'mau-diem-tham-dinh.xlsx': 'points',
};

const kindParam = z.enum(IMPORT_KINDS);
const pageQuery = z.object({ page: z.coerce.number().int().positive().catch(1) });

/** Upload a units or respondents file, read its dry-run report, then commit or drop it; sample workbooks. */
export function importRoutes(ctx: AppContext): Router {
  const router = Router();
  const upload = multer({
    dest: path.join(dataDirOf(ctx.db), UPLOADS_FOLDER, 'tmp'),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 },
  }).single('file');

  const renderForms = (
    res: Response,
    status: number,
    id: number,
    error?: { kind: string; message: string },
  ) =>
    res.status(status).render('admin/imports', {
      title: tFor(res)('admin.imports.title'),
      campaign: getCampaign(ctx.db, id),
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      error,
      // Respondents and points belong to the campaign's units: without any, every row of their file would be refused.
      hasUnits: listCampaignUnits(ctx.db, id).length > 0,
    });

  router.get('/imports/:file', async (req, res, next) => {
    const kind = SAMPLE_FILES[String(req.params.file)];
    if (!kind) return next();
    res
      .type(XLSX_TYPE)
      .attachment(String(req.params.file))
      .send(await sampleWorkbook(kind));
  });

  router.get('/campaigns/:campaignId/imports', (req, res) => renderForms(res, 200, campaignId(req)));

  const receiveFile = (req: Request, res: Response, next: NextFunction) => {
    const id = campaignId(req);
    const kind = kindParam.safeParse(req.params.kind);
    if (!kind.success) return next();
    getCampaign(ctx.db, id);
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooLarge = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      const message = tooLarge
        ? tFor(res)('admin.imports.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })
        : tFor(res)('admin.imports.badUpload');
      renderForms(res, tooLarge ? 413 : 400, id, { kind: kind.data, message });
    });
  };

  router.post('/campaigns/:campaignId/imports/:kind', receiveFile, async (req, res) => {
    const id = campaignId(req);
    const kind = kindParam.parse(req.params.kind);
    const file = req.file;
    if (!file) return renderForms(res, 400, id, { kind, message: tFor(res)('admin.imports.noFile') });
    // Multer hands the name over as latin1 bytes; browsers send UTF-8 (Vietnamese file names).
    const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
    if (!IMPORT_EXTENSIONS.includes(path.extname(fileName).toLowerCase())) {
      fs.rmSync(file.path, { force: true });
      return renderForms(res, 400, id, {
        kind,
        message: tFor(res)('admin.imports.wrongType', { name: fileName }),
      });
    }
    const staged = await stageUpload(
      ctx.db,
      { campaignId: id, kind, fileName, tempPath: file.path, userId: actorOf(res).userId },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${id}/imports/${staged.uploadId}`);
  });

  const renderReport = (
    req: Request,
    res: Response,
    upload: StagedUploadView,
    report: ImportReport,
    committed: boolean,
  ) => {
    const { page } = pageQuery.parse(req.query);
    const pages = Math.max(1, Math.ceil(report.errors.length / ERRORS_PER_PAGE));
    const current = committed ? 1 : Math.min(page, pages);
    const words = inWords(localeOf(req));
    res.render('admin/import-report', {
      title: tFor(res)(committed ? 'admin.imports.doneTitle' : 'admin.imports.reportTitle'),
      campaign: getCampaign(ctx.db, campaignId(req)),
      upload,
      report,
      committed,
      hasUnits: listCampaignUnits(ctx.db, campaignId(req)).length > 0,
      // After a commit: the units whose list is still shorter than their quota, for the next file.
      shortLists: committed
        ? getCampaignProgress(ctx.db, campaignId(req)).filter((p) => listShortfall(p) !== null)
        : [],
      formNames: formTypeNames(ctx.db),
      errors: report.errors.slice((current - 1) * ERRORS_PER_PAGE, current * ERRORS_PER_PAGE).map(words),
      warnings: report.warnings.map(words),
      omitted: {
        errors: (report.omitted?.errors ?? []).map(words),
        warnings: (report.omitted?.warnings ?? []).map(words),
      },
      page: current,
      pages,
      ...problemTotals(report),
    });
  };

  router.get('/campaigns/:campaignId/imports/:uploadId', (req, res) => {
    const staged = getStagedUpload(ctx.db, campaignId(req), String(req.params.uploadId));
    renderReport(req, res, staged, staged.report, false);
  });

  router.get('/campaigns/:campaignId/imports/:uploadId/loi.csv', (req, res) => {
    const staged = getStagedUpload(ctx.db, campaignId(req), String(req.params.uploadId));
    const tr = tFor(res);
    const text = (problem: Message) => problemText(localeOf(req), problem);
    const headers = (['row', 'column', 'kind', 'text'] as const).map((k) => tr(`admin.imports.col.${k}`));
    // The errors, then the warnings: the list a unit gets back to correct its file; past those listed in full,
    // one line per kind with its count.
    const { report } = staged;
    const counted = (kind: string, c: ProblemCount) => [
      '',
      c.column ?? '',
      kind,
      tr('admin.imports.omittedLine', { count: c.count, message: text(c) }),
    ];
    const error = tr('admin.imports.col.message');
    const note = tr('admin.imports.col.note');
    const rows = [
      ...report.errors.map((e) => [e.row, e.column ?? '', error, text(e)]),
      ...(report.omitted?.errors ?? []).map((c) => counted(error, c)),
      ...report.warnings.map((w) => [w.row, w.column ?? '', note, text(w)]),
      ...(report.omitted?.warnings ?? []).map((c) => counted(note, c)),
    ];
    // Named after the uploaded file ("loi-Danh sách DV01.csv"), so it is found beside the file it corrects.
    const base = path.basename(staged.report.fileName, path.extname(staged.report.fileName));
    res
      .type('text/csv; charset=utf-8')
      .attachment(`loi-${base}.csv`)
      .send(toCsv({ sheetName: 'loi', headers, rows }));
  });

  router.post('/campaigns/:campaignId/imports/:uploadId/commit', async (req, res) => {
    const input = { campaignId: campaignId(req), uploadId: String(req.params.uploadId) };
    // The page offers the commit only for a usable file not yet written: a refusal here is the error page.
    const report = orThrow(await commitUpload(ctx.db, input, actorOf(res), ctx.clock()));
    renderReport(req, res, getStagedUpload(ctx.db, input.campaignId, input.uploadId), report, true);
  });

  router.post('/campaigns/:campaignId/imports/:uploadId/cancel', (req, res) => {
    const id = campaignId(req);
    orThrow(
      discardUpload(
        ctx.db,
        { campaignId: id, uploadId: String(req.params.uploadId) },
        actorOf(res),
        ctx.clock(),
      ),
    );
    res.redirect(303, `/admin/campaigns/${id}/imports`);
  });

  return router;
}

/** A problem with its message put into words in the reader's language, for a page or a download. */
function inWords(locale: Locale) {
  return <P extends Message>(problem: P) => ({ ...problem, message: problemText(locale, problem) });
}

/** How many errors and warnings a report found, those only counted per kind included. */
function problemTotals(report: ImportReport): { errorTotal: number; warningTotal: number } {
  const sum = (counts: ProblemCount[] = []) => counts.reduce((n, c) => n + c.count, 0);
  return {
    errorTotal: report.errors.length + sum(report.omitted?.errors),
    warningTotal: report.warnings.length + sum(report.omitted?.warnings),
  };
}
