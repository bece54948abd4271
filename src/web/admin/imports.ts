import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { recordAudit } from '../../audit/record-audit';
import { getCampaign } from '../../campaigns/campaigns';
import { toCsv } from '../../exports/tabular';
import { AppError } from '../../errors';
import { t } from '../../i18n/messages';
import { tFor } from '../locale';
import { IMPORT_EXTENSIONS } from '../../imports/read-table';
import { sampleWorkbook } from '../../imports/sample-workbook';
import { commitUpload, stageUpload } from '../../imports/stage-upload';
import { discardUpload, getStagedUpload } from '../../imports/staged-uploads';
import { dataDirOf, UPLOADS_FOLDER } from '../../imports/upload-files';
import { IMPORT_KINDS, type ImportKind, type ImportReport, type ProblemCount } from '../../imports/types';
import { listCampaignUnits } from '../../units/campaign-units';
import { currentUser } from '../guards';
import { actorOf, campaignId } from './params';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const ERRORS_PER_PAGE = 50;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE_FILES: Record<string, ImportKind> = {
  'mau-don-vi.xlsx': 'units',
  'mau-nguoi-khao-sat.xlsx': 'respondents',
};

const kindParam = z.enum(IMPORT_KINDS);
const uploadIdParam = z.string().regex(/^[0-9A-Za-z_-]{10,40}$/);
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
      // Respondents belong to the campaign's units: without any, every row of their file would be refused.
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
    const now = ctx.clock();
    const staged = await stageUpload(
      ctx.db,
      { campaignId: id, kind, fileName, tempPath: file.path, userId: currentUser(res)?.id ?? null },
      now,
    );
    recordAudit(
      ctx.db,
      actorOf(res),
      'import.preview',
      {
        campaignId: id,
        text: t('admin.imports.auditText', { kind: t(`admin.imports.kinds.${kind}`), file: fileName }),
      },
      now,
    );
    res.redirect(303, `/admin/campaigns/${id}/imports/${staged.uploadId}`);
  });

  router.get('/campaigns/:campaignId/imports/:uploadId', (req, res) => {
    const id = campaignId(req);
    const staged = getStagedUpload(ctx.db, id, uploadIdOf(req));
    const { page } = pageQuery.parse(req.query);
    const pages = Math.max(1, Math.ceil(staged.report.errors.length / ERRORS_PER_PAGE));
    const current = Math.min(page, pages);
    res.render('admin/import-report', {
      title: tFor(res)('admin.imports.reportTitle'),
      campaign: getCampaign(ctx.db, id),
      upload: staged,
      report: staged.report,
      committed: false,
      hasUnits: listCampaignUnits(ctx.db, id).length > 0,
      errors: staged.report.errors.slice((current - 1) * ERRORS_PER_PAGE, current * ERRORS_PER_PAGE),
      page: current,
      pages,
      ...problemTotals(staged.report),
    });
  });

  router.get('/campaigns/:campaignId/imports/:uploadId/loi.csv', (req, res) => {
    const staged = getStagedUpload(ctx.db, campaignId(req), uploadIdOf(req));
    const tr = tFor(res);
    const headers = (['row', 'column', 'kind', 'text'] as const).map((k) => tr(`admin.imports.col.${k}`));
    // The errors, then the warnings: the list a unit gets back to correct its file; past those listed in full,
    // one line per kind with its count.
    const { report } = staged;
    const counted = (kind: string, c: ProblemCount) => [
      '',
      c.column ?? '',
      kind,
      tr('admin.imports.omittedLine', { count: c.count, message: c.message }),
    ];
    const error = tr('admin.imports.col.message');
    const note = tr('admin.imports.col.note');
    const rows = [
      ...report.errors.map((e) => [e.row, e.column ?? '', error, e.message]),
      ...(report.omitted?.errors ?? []).map((c) => counted(error, c)),
      ...(report.warnings ?? []).map((w) => [w.row, w.column ?? '', note, w.message]),
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
    const id = campaignId(req);
    const staged = getStagedUpload(ctx.db, id, uploadIdOf(req));
    const now = ctx.clock();
    const report = await commitUpload(ctx.db, staged.id, now);
    const s = report.summary;
    recordAudit(
      ctx.db,
      actorOf(res),
      'import.commit',
      {
        campaignId: id,
        text: t('admin.imports.auditCommit', {
          file: staged.fileName,
          created: s.created,
          updated: s.updated,
          unchanged: s.unchanged,
        }),
      },
      now,
    );
    res.render('admin/import-report', {
      title: tFor(res)('admin.imports.doneTitle'),
      campaign: getCampaign(ctx.db, id),
      upload: { ...staged, committedAt: now },
      report,
      committed: true,
      hasUnits: listCampaignUnits(ctx.db, id).length > 0,
      errors: report.errors.slice(0, ERRORS_PER_PAGE),
      page: 1,
      pages: Math.max(1, Math.ceil(report.errors.length / ERRORS_PER_PAGE)),
      ...problemTotals(report),
    });
  });

  router.post('/campaigns/:campaignId/imports/:uploadId/cancel', (req, res) => {
    const id = campaignId(req);
    const dropped = discardUpload(ctx.db, id, uploadIdOf(req));
    recordAudit(
      ctx.db,
      actorOf(res),
      'import.cancel',
      { campaignId: id, text: dropped.fileName },
      ctx.clock(),
    );
    res.redirect(303, `/admin/campaigns/${id}/imports`);
  });

  return router;
}

/** How many errors and warnings a report found, those only counted per kind included. */
function problemTotals(report: ImportReport): { errorTotal: number; warningTotal: number } {
  const sum = (counts: ProblemCount[] = []) => counts.reduce((n, c) => n + c.count, 0);
  return {
    errorTotal: report.errors.length + sum(report.omitted?.errors),
    warningTotal: (report.warnings ?? []).length + sum(report.omitted?.warnings),
  };
}

function uploadIdOf(req: Request): string {
  const parsed = uploadIdParam.safeParse(req.params.uploadId);
  if (!parsed.success) throw new AppError('not_found', 'imports.uploadNotFound');
  return parsed.data;
}
