import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Beside the database: the file a running server keeps locked (never part of a backup). */
export function serverLockFile(databaseFile: string): string {
  return `${databaseFile}.server-lock`;
}

/**
 * Marks the database as served by this process for as long as it runs: an exclusive SQLite lock on a small file
 * beside it, which the operating system drops if the process dies. With a rollback journal an idle connection
 * holds no lock on the database itself, so this is how a restore knows the server is still running. Throws if
 * another process holds it already.
 */
export function lockDatabaseForServer(databaseFile: string): { release(): void } {
  if (databaseFile === ':memory:') return { release: () => undefined };
  // A first start, or one after the data folder was removed: the folder is made here, as openDb would make it.
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const lock = new Database(serverLockFile(databaseFile), { timeout: 0 });
  try {
    // In exclusive locking mode the lock taken here is kept until the connection closes. Nothing is written.
    lock.pragma('journal_mode = OFF');
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    lock.close();
    throw error;
  }
  return { release: () => lock.close() };
}

/** True while a server holds lockDatabaseForServer on this database. */
export function isDatabaseServed(databaseFile: string): boolean {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(serverLockFile(databaseFile), { fileMustExist: true, timeout: 0 });
    probe.exec('BEGIN EXCLUSIVE; COMMIT;');
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    probe?.close();
  }
}
