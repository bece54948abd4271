import fs from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command } from '../command';
import { importUploads } from '../db/schema';
import { AppError } from '../errors';
import { getStagedUpload } from './staged-uploads';
import { uploadFile } from './upload-files';

const stagedUpload = z.object({ campaignId: z.coerce.number().int().positive(), uploadId: z.string() });

/** Drops an upload that was not committed, and its stored file; a committed one is refused ('conflict'). Audited. */
export const discardUpload = command(stagedUpload, ({ db, actor, now }, { campaignId, uploadId }) => {
  const upload = getStagedUpload(db, campaignId, uploadId);
  const removed = db
    .delete(importUploads)
    .where(and(eq(importUploads.id, uploadId), isNull(importUploads.committedAt)))
    .run();
  if (removed.changes === 0) throw new AppError('conflict', 'imports.alreadyCommitted');
  recordAudit(db, actor, 'import.cancel', { campaignId, detail: plainDetail(upload.fileName) }, now);
  // Past the point of refusal: the file goes once its row is gone (a file left by a crash here is only unused).
  fs.rmSync(uploadFile(db, upload.storedPath), { force: true });
  return upload;
});
