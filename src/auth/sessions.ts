import crypto from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { toSessionUser, unitIdsOf, type SessionUser } from './users';

/** A session lives this long after the last request (sliding), so an unattended screen signs itself out. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
// Extending on every request would write on every page view; a few minutes of slack is invisible to users.
const EXTEND_AFTER_MS = 5 * 60 * 1000;

function sessionId(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Starts a session and returns the cookie value; only its SHA-256 is stored. */
export function createSession(db: Db, userId: number, now: number): { token: string; expiresAt: number } {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_IDLE_MS;
  db.insert(sessions)
    .values({ id: sessionId(token), userId, createdAt: now, expiresAt })
    .run();
  // Housekeeping on sign-in keeps the table small without a timer.
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  return { token, expiresAt };
}

/** The signed-in user for a cookie value, or null when unknown, expired or the user is disabled. */
export function getSessionUser(db: Db, token: string, now: number): SessionUser | null {
  const id = sessionId(token);
  const row = db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .get();
  if (!row) return null;
  if (row.expiresAt - now < SESSION_IDLE_MS - EXTEND_AFTER_MS) {
    db.update(sessions)
      .set({ expiresAt: now + SESSION_IDLE_MS })
      .where(eq(sessions.id, id))
      .run();
  }
  return { ...toSessionUser(row.user), unitIds: unitIdsOf(db, row.user.id) };
}

/** Ends one session (logout). */
export function deleteSession(db: Db, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.id, sessionId(token)))
    .run();
}
