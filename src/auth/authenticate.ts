import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { toSessionUser, unitIdsOf, type SessionUser } from './users';

// Checked when the username is unknown, so the answer takes as long as for a real account.
let decoyHash: Promise<string> | undefined;

/** The enabled user with this username and password, or null (the same, equally slow, for any failure). */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
  _now: number,
): Promise<SessionUser | null> {
  const user = db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
  decoyHash ??= hashPassword('decoy password never used');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok || user.disabledAt !== null) return null;
  return { ...toSessionUser(user), unitIds: unitIdsOf(db, user.id) };
}
