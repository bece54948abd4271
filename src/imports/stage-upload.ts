import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { importUploads } from '../db/schema';
import { newRandomId } from '../tokens';
import { previewImport } from './run-import';
import { newStoredPath, uploadFile } from './upload-files';
import type { ImportKind, ImportReport } from './types';

export type StagedUpload = { uploadId: string; report: ImportReport };

/**
 * Keeps an uploaded file in the data directory's uploads folder and records it with its dry-run report, so the
 * admin can read the report and then commit exactly the file that was checked (commitUpload). The temporary file
 * is moved away. A file that cannot be imported is not kept (its report says why); nothing is left behind on a
 * failure. A dry run changes nothing the survey uses: it is not audited.
 */
export async function stageUpload(
  db: Db,
  input: { campaignId: number; kind: ImportKind; fileName: string; tempPath: string; userId?: number | null },
  now: number = Date.now(),
): Promise<StagedUpload> {
  const uploadId = newRandomId();
  const ext = path
    .extname(input.fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  const storedPath = newStoredPath(uploadId, ext);
  const file = uploadFile(db, storedPath);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    moveFile(input.tempPath, file);
    const report = await previewImport(
      db,
      { campaignId: input.campaignId, kind: input.kind, filePath: file, fileName: input.fileName },
      now,
    );
    if (!report.usable) fs.rmSync(file, { force: true });
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
  } catch (error) {
    fs.rmSync(input.tempPath, { force: true });
    fs.rmSync(file, { force: true });
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
