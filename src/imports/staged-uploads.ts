import fs from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { importUploads } from '../db/schema';
import { AppError } from '../errors';
import type { ImportReport } from './types';
import { uploadFile } from './upload-files';

export type StagedUploadView = {
  id: string;
  kind: ImportReport['kind'];
  fileName: string;
  report: ImportReport;
  createdAt: number;
  committedAt: number | null;
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
    report: JSON.parse(row.report) as ImportReport,
    createdAt: row.createdAt,
    committedAt: row.committedAt,
  };
}

/** Drops an upload that was not committed, and its stored file; a committed one is refused ('conflict'). */
export function discardUpload(db: Db, campaignId: number, uploadId: string): StagedUploadView {
  const upload = getStagedUpload(db, campaignId, uploadId);
  const removed = db
    .delete(importUploads)
    .where(and(eq(importUploads.id, uploadId), isNull(importUploads.committedAt)))
    .returning({ storedPath: importUploads.storedPath })
    .all();
  if (removed.length === 0) throw new AppError('conflict', 'imports.alreadyCommitted');
  fs.rmSync(uploadFile(db, removed[0]!.storedPath), { force: true });
  return upload;
}
