import { openMigratedDb, type Db } from './db/client';
import { convertLegacyResponses } from './responses/legacy-responses';

/**
 * Opens and migrates the database, then moves an earlier release's answers into slots: the one way code gets a
 * db handle. Here rather than in db/, which knows tables, not answers.
 */
export function openDb(file: string): Db {
  const db = openMigratedDb(file);
  convertLegacyResponses(db);
  return db;
}

/** Closes a handle openDb gave. */
export function closeDb(db: Db): void {
  db.$client.close();
}
