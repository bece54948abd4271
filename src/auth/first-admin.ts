import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../audit/actor';
import { command } from '../command';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { orThrow } from '../errors';
import { t } from '../i18n/messages';
import { newPassword } from './password';
import { insertUser, passwordHashField } from './users';

/** Creates the account `admin` with an issued password when no admin account exists; whether it did. */
const createFirstAdmin = command(
  z.object({ passwordHash: passwordHashField }),
  ({ db, now }, { passwordHash }) => {
    // Checked again inside the transaction: another process may have created one meanwhile.
    if (hasAdmin(db)) return false;
    const displayName = t('auth.firstAdminName');
    insertUser(
      db,
      { username: 'admin', displayName, role: 'admin', passwordHash, unitIds: [] },
      'issued',
      now,
    );
    return true;
  },
);

/**
 * At start: when there is no admin account at all, creates `admin` with a random password so a fresh install can
 * be entered, and returns that password (to print once); null when an admin exists.
 */
export async function ensureFirstAdmin(db: Db, now: number): Promise<string | null> {
  if (hasAdmin(db)) return null;
  const { password, passwordHash } = await newPassword();
  return orThrow(createFirstAdmin(db, { passwordHash }, SYSTEM_ACTOR, now)) ? password : null;
}

function hasAdmin(db: Db): boolean {
  return db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).get() !== undefined;
}
