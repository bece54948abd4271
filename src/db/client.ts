import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../paths';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating the folder if needed) and migrates the database. Code gets its handle from open-db.ts, which
 * also brings an earlier release's data up to date.
 *
 * A rollback journal, not a WAL: a WAL keeps every committed page image in commit order until a checkpoint,
 * which would order the answers for anyone copying it; the journal holds only the transaction in progress and
 * is cut to nothing at commit. `synchronous = FULL` syncs the journal and the file before a commit returns, so an
 * acknowledged answer survives a power cut; `secure_delete` zeroes what a change frees, so erased personal data
 * and older versions of a page do not linger (docs/DOMAIN.md § Anonymity and personal data; docs/OPERATIONS.md).
 */
export function openMigratedDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  const mode = sqlite.pragma('journal_mode = TRUNCATE', { simple: true });
  if (file !== ':memory:' && mode !== 'truncate') {
    sqlite.close();
    // Leaving a WAL needs the file to itself: another process still has it open in WAL mode.
    throw new Error(`${file}: cannot leave WAL mode while another process has the database open (${mode})`);
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('foreign_keys = ON');
  // 8 MB of pages instead of 2: under a wave of answers the pages of links and slots being filled stay in
  // memory instead of being read back from the OS at every submit (bench/results.md, issue 18).
  sqlite.pragma('cache_size = -8192');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsDir });
  return db;
}

/** Closes the database file (a command-line run ends, a server stops). */
export function closeDb(db: Db): void {
  db.$client.close();
}

/** Runs fn inside a synchronous SQLite transaction (better-sqlite3 transactions cannot span an await). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * `(db) => what prepare(connection) made`, made once per connection and kept: hot paths (a submit, a send of
 * 10,000 mails) run the same statements thousands of times, and preparing one costs more than running it.
 */
export function perConnection<T>(prepare: (connection: Database.Database) => T): (db: Db) => T {
  const made = new WeakMap<Database.Database, T>();
  return (db) => {
    let value = made.get(db.$client);
    if (value === undefined) {
      value = prepare(db.$client);
      made.set(db.$client, value);
    }
    return value;
  };
}
