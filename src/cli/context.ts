import os from 'node:os';
import type { Actor } from '../audit/actor';
import { commandLineActor } from '../auth/users';
import { loadConfig, type Config } from '../config';
import { type Db } from '../db/client';
import { closeDb, openDb } from '../open-db';

/** What a command runs with: configuration, the database and who acts (audited like a web user). */
export type CliContext = { config: Config; db: Db; actor: Actor };

let opened: Omit<CliContext, 'actor'> | undefined;
let actor: Actor | undefined;
let asUsername: string | undefined;

/** `--as <username>`, read before the command runs. */
export function actAs(username: string | undefined): void {
  asUsername = username;
  actor = undefined;
}

/** Opens config and database on first use, so `--help` works without touching the database. */
export function cliContext(): CliContext {
  if (!opened) {
    const config = loadConfig();
    opened = { config, db: openDb(config.databaseFile) };
  }
  actor ??= actorIn(opened.db);
  return { ...opened, actor };
}

/** Who acts, named from the accounts of `db` (a restore names them from the backup it restores). */
export function actorIn(db: Db): Actor {
  return commandLineActor(db, asUsername, os.userInfo().username);
}

export function closeCliContext(): void {
  if (opened) closeDb(opened.db);
  opened = undefined;
  actor = undefined;
}
