import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { importUploads } from '../db/schema';
import { AppError } from '../errors';
import type { Message } from '../i18n/messages';
import type { ImportReport } from './types';

export type StagedUploadView = {
  id: string;
  kind: ImportReport['kind'];
  fileName: string;
  report: ImportReport;
  createdAt: number;
  committedAt: number | null;
  storedPath: string;
};

/** A staged upload of this campaign with its dry-run report; AppError('not_found') for any other id. */
export function getStagedUpload(db: Db, campaignId: number, uploadId: string): StagedUploadView {
  const row = db
    .select()
    .from(importUploads)
    .where(and(eq(importUploads.id, uploadId), eq(importUploads.campaignId, campaignId)))
    .get();
  if (!row || !row.report) throw new AppError('not_found', 'imports.uploadNotFound');
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    report: readStoredReport(row.report),
    createdAt: row.createdAt,
    committedAt: row.committedAt,
    storedPath: row.storedPath,
  };
}

/** A problem as reports stored before messages by key hold it: located, with a finished Vietnamese sentence. */
type Stored<P extends Message> = P | (Omit<P, keyof Message> & { message: string });

/**
 * A report as import_uploads.report stores it. Reports stored before messages by key hold each problem as a
 * finished Vietnamese sentence: such a problem reads as that sentence, shown as written whatever the language.
 */
export function readStoredReport(json: string): ImportReport {
  const report = JSON.parse(json) as ImportReport;
  const { errors, warnings = [], omitted } = report;
  return {
    ...report,
    errors: errors.map(byKey),
    warnings: warnings.map(byKey),
    ...(omitted
      ? { omitted: { errors: omitted.errors.map(byKey), warnings: omitted.warnings.map(byKey) } }
      : {}),
  };
}

function byKey<P extends Message>(problem: Stored<P>): P {
  if (!('message' in problem)) return problem;
  const { message, ...located } = problem;
  return { ...located, key: 'imports.asWritten', params: { text: message } } as unknown as P;
}
