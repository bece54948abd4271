import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { invalidInput, refusalOf } from '../command';
import { inTransaction, type Db } from '../db/client';
import { AppError, done, type Outcome } from '../errors';
import { openDb } from '../open-db';
import { isDatabaseServed } from './server-lock';

export type BackupResult = { file: string; bytes: number; pages: number };

/**
 * Copies the live database to targetFile with SQLite's online backup API: consistent even while the server
 * keeps writing. The copy is written beside the target, checked, switched to a single-file journal and only
 * then renamed into place, so a half-written backup never carries the target's name.
 */
export async function backupDatabase(db: Db, targetFile: string): Promise<BackupResult> {
  const target = path.resolve(targetFile);
  if (target === path.resolve(db.$client.name)) {
    throw new AppError('invalid_input', 'ops.backupOntoItself', { file: target });
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const progress = await copyAllPages(db, partial);
  const copy = new Database(partial);
  try {
    // A backup is one self-contained file: no -wal beside it to lose when it is copied elsewhere.
    copy.pragma('journal_mode = DELETE');
    assertIntact(copy, partial);
  } finally {
    copy.close();
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, pages: progress.totalPages };
}

const restoration = z.object({
  /** The backup file. */
  from: z.string().min(1),
  /** The DATABASE_PATH it replaces. */
  target: z.string().min(1),
  /** Replace an existing database. */
  force: z.boolean().default(false),
});

/**
 * Replaces the target (the DATABASE_PATH) with a checked copy of a backup, audited in that copy before it takes
 * the target's name: the restored database appears with its entry, or not at all. Who restores is named from
 * the accounts of the restored database (`actorIn`: the CLI's --as), the ones it will hold from now on.
 * Refuses a file that is not an intact cchc-survey database, an existing target unless `force`, and a target
 * some process still has open: stop the server first.
 */
export function restoreDatabase(
  input: z.input<typeof restoration>,
  actorIn: (restored: Db) => Actor,
  now: number,
): Outcome<{ file: string; bytes: number }> {
  const parsed = restoration.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return done(replaceWithBackup(parsed.data, actorIn, now));
  } catch (error) {
    return refusalOf(error);
  }
}

function replaceWithBackup(
  { from, target: targetFile, force }: z.output<typeof restoration>,
  actorIn: (restored: Db) => Actor,
  now: number,
): { file: string; bytes: number } {
  const source = path.resolve(from);
  const target = path.resolve(targetFile);
  if (!fs.existsSync(source)) throw new AppError('not_found', 'ops.backupMissing', { file: source });
  checkBackup(source);
  if (fs.existsSync(target)) {
    if (!force) throw new AppError('conflict', 'ops.targetExists', { file: target });
    assertNotInUse(target);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const restoring = `${target}.restoring`;
  fs.copyFileSync(source, restoring);
  try {
    // Migrated as the server would at its next start, so the entry is written in today's audit log.
    const copy = openDb(restoring);
    try {
      const actor = actorIn(copy);
      inTransaction(copy, () =>
        recordAudit(copy, actor, 'database.restore', { detail: plainDetail(source) }, now),
      );
    } finally {
      copy.$client.close();
    }
    fs.rmSync(`${restoring}-journal`, { force: true });
    const fd = fs.openSync(restoring, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (error) {
    fs.rmSync(restoring, { force: true });
    fs.rmSync(`${restoring}-journal`, { force: true });
    throw error;
  }
  // A -journal or -wal left by the old database would be played back onto the restored one and corrupt it.
  for (const suffix of ['-journal', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(restoring, target);
  return { file: target, bytes: fs.statSync(target).size };
}

function checkBackup(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    assertIntact(db, file);
    const hasMigrations = db
      .prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'campaigns')",
      )
      .all();
    const applied =
      hasMigrations.length === 2
        ? (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
        : 0;
    if (applied === 0) throw new AppError('invalid_input', 'ops.notCchcDatabase', { file });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError('invalid_input', 'ops.notADatabase', { file });
    }
    throw error;
  } finally {
    db?.close();
  }
}

function assertIntact(db: Database.Database, file: string): void {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new AppError('invalid_input', 'ops.backupCorrupt', {
      file,
      detail: problems.slice(0, 3).join('; '),
    });
  }
}

/**
 * A running server holds its lock file (ops/server-lock.ts); any other process in the middle of a transaction
 * holds a lock on the file itself, so an exclusive lock is not granted.
 */
function assertNotInUse(file: string): void {
  if (isDatabaseServed(file)) throw new AppError('conflict', 'ops.targetInUse', { file });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new AppError('conflict', 'ops.targetInUse', { file });
    }
    // An unreadable or damaged current database is exactly what a restore is for.
    if (!['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes((error as { code?: string }).code ?? '')) throw error;
  } finally {
    db?.close();
  }
}

/**
 * One online-backup step over all pages: another process writing between steps would restart a page-by-page copy
 * forever, while one step reads a single snapshot (writers wait for it: seconds for a large file). A step that
 * finds the file locked by another process's commit copies nothing yet reports itself finished with 0 pages (a
 * database has at least one): it is tried again, and the database counts as busy if it stays locked.
 */
async function copyAllPages(db: Db, partial: string): Promise<{ totalPages: number }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    fs.rmSync(partial, { force: true });
    const progress = await db.$client.backup(partial, { progress: () => 0x7fffffff });
    if (progress.totalPages > 0) return progress;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  fs.rmSync(partial, { force: true });
  throw new AppError('busy', 'errors.busy');
}
