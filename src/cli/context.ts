import { loadConfig, type Config } from '../config';
import { openDb, type Db } from '../db/client';

export type CliContext = { config: Config; db: Db };

let opened: CliContext | undefined;

/** Opens config and database on first use, so `--help` works without touching the database. */
export function cliContext(): CliContext {
  if (!opened) {
    const config = loadConfig();
    opened = { config, db: openDb(config.databaseFile) };
  }
  return opened;
}

export function closeCliContext(): void {
  opened?.db.$client.close();
  opened = undefined;
}
