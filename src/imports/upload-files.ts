import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client';

/** Staged uploads sit in this folder of the data directory; import_uploads.stored_path is relative to the latter. */
export const UPLOADS_FOLDER = 'uploads';

/** The data directory: the folder of the database file (data/ in production, a test's own directory in tests). */
export function dataDirOf(db: Db): string {
  const file = db.$client.name;
  return file && file !== ':memory:' ? path.dirname(path.resolve(file)) : os.tmpdir();
}

/** What import_uploads.stored_path records for a new upload: a path relative to the data directory. */
export function newStoredPath(uploadId: string, ext: string): string {
  return path.posix.join(UPLOADS_FOLDER, `${uploadId}${ext}`);
}

/**
 * The file of a stored path, always inside this database's own uploads folder: a copy of the database restored
 * elsewhere (or a row written by an older release, with an absolute path) never reaches another instance's files.
 */
export function uploadFile(db: Db, storedPath: string): string {
  return path.join(dataDirOf(db), UPLOADS_FOLDER, path.basename(storedPath));
}
