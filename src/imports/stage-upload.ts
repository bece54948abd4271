import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { importUploads } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { newRandomId } from '../invitations/token';
import { commitImport, previewImport } from './run-import';
import type { ImportKind, ImportReport } from './types';

export type StagedUpload = { uploadId: string; report: ImportReport };

/**
 * Keeps an uploaded file under <dataDir>/uploads and records it with its dry-run report, so the admin can
 * read the report and then commit exactly the file that was checked. The temporary file is moved away.
 */
export async function stageUpload(
  db: Db,
  input: { campaignId: number; kind: ImportKind; fileName: string; tempPath: string; userId?: number | null },
  dataDir: string,
  now: number = Date.now(),
): Promise<StagedUpload> {
  const uploadId = newRandomId();
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const ext = path
    .extname(input.fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  const storedPath = path.join(dir, `${uploadId}${ext}`);
  moveFile(input.tempPath, storedPath);
  const report = await previewImport(
    db,
    { campaignId: input.campaignId, kind: input.kind, filePath: storedPath, fileName: input.fileName },
    now,
  );
  db.insert(importUploads)
    .values({
      id: uploadId,
      kind: input.kind,
      campaignId: input.campaignId,
      fileName: input.fileName,
      storedPath,
      report: JSON.stringify(report),
      createdBy: input.userId ?? null,
      createdAt: now,
    })
    .run();
  return { uploadId, report };
}

/** Imports a staged file once; a second commit of the same upload is refused (AppError 'conflict'). */
export async function commitUpload(
  db: Db,
  uploadId: string,
  now: number = Date.now(),
): Promise<ImportReport> {
  const upload = db.select().from(importUploads).where(eq(importUploads.id, uploadId)).get();
  if (!upload) throw new AppError('not_found', t('imports.uploadNotFound'));
  if (upload.committedAt !== null) throw new AppError('conflict', t('imports.alreadyCommitted'));
  // Claimed before the (asynchronous) read so a double click cannot import the file twice.
  const claimed = db.$client
    .prepare('update import_uploads set committed_at = ? where id = ? and committed_at is null')
    .run(now, uploadId);
  if (claimed.changes === 0) throw new AppError('conflict', t('imports.alreadyCommitted'));
  try {
    return await commitImport(
      db,
      {
        campaignId: upload.campaignId,
        kind: upload.kind,
        filePath: upload.storedPath,
        fileName: upload.fileName,
      },
      now,
    );
  } catch (error) {
    db.update(importUploads).set({ committedAt: null }).where(eq(importUploads.id, uploadId)).run();
    throw error;
  }
}

function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to);
    fs.unlinkSync(from);
  }
}
