import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { asyncCommand } from '../command';
import { importUploads } from '../db/schema';
import { AppError } from '../errors';
import { readImport, writeImport } from './run-import';
import { getStagedUpload } from './staged-uploads';
import { uploadFile } from './upload-files';

const stagedCommit = z.object({ campaignId: z.coerce.number().int().positive(), uploadId: z.string() });

/**
 * Imports the file an admin checked (stageUpload) once: read again and checked, then its valid rows written and
 * the import audited in one transaction. A second commit of the same upload is refused ('conflict'), and so is a
 * file its dry run found unusable. Done with the report of what was written.
 */
export const commitUpload = asyncCommand(
  stagedCommit,
  async ({ db, actor, now }, { campaignId, uploadId }) => {
    const upload = getStagedUpload(db, campaignId, uploadId);
    if (upload.committedAt !== null) throw new AppError('conflict', 'imports.alreadyCommitted');
    if (!upload.report.usable) throw new AppError('conflict', 'imports.unusableUpload');
    // Claimed before the (asynchronous) read so a double click cannot import the file twice.
    const claimed = db
      .update(importUploads)
      .set({ committedAt: now })
      .where(and(eq(importUploads.id, uploadId), isNull(importUploads.committedAt)))
      .run();
    if (claimed.changes === 0) throw new AppError('conflict', 'imports.alreadyCommitted');
    const release = () =>
      db.update(importUploads).set({ committedAt: null }).where(eq(importUploads.id, uploadId)).run();
    try {
      const input = {
        campaignId,
        kind: upload.kind,
        filePath: uploadFile(db, upload.storedPath),
        fileName: upload.fileName,
      };
      const report = writeImport(db, await readImport(db, input, now), campaignId, actor, now);
      // Nothing was written (the file could not be read this time): the upload can be committed again.
      if (!report.usable) release();
      return report;
    } catch (error) {
      release();
      throw error;
    }
  },
);
