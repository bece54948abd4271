import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import type { Db } from '../db/client';
import { sessions, units, userUnits, users, USER_ROLES, type UserRole } from '../db/schema';
import { reason } from '../command';
import { AppError } from '../errors';
import { MIN_PASSWORD_LENGTH } from './password';

export { USER_ROLES, type UserRole };

/** What the app knows about a signed-in person; never the password hash. */
export type SessionUser = {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  /** Units a focal officer may see (admins see every unit whatever this holds). */
  unitIds: number[];
  /** The password was issued by someone else (first start, an admin, the CLI): the user must choose their own. */
  mustChangePassword: boolean;
};

/** The units a user's actions may touch: all of them for an admin, the units they hold for a focal officer. */
export type UnitScope = 'all' | readonly number[];

export function unitScopeOf(user: Pick<SessionUser, 'role' | 'unitIds'>): UnitScope {
  return user.role === 'admin' ? 'all' : user.unitIds;
}

export function inUnitScope(scope: UnitScope, unitId: number): boolean {
  return scope === 'all' || scope.includes(unitId);
}

/**
 * Who set a password: the user on the change-password page (`own`), or someone else who handed it over (`issued`:
 * the first admin's printed password, an account an admin created, a reset). An issued password must be replaced
 * at the next sign-in.
 */
export type PasswordOrigin = 'own' | 'issued';

export type UserListing = SessionUser & {
  disabledAt: number | null;
  createdAt: number;
  units: { id: number; code: string; name: string }[];
};

export const userIdField = z.coerce.number().int().positive();
/** A password as typed; commands check it and store the hash made from it beforehand (see newPassword). */
export const passwordField = z.string().min(MIN_PASSWORD_LENGTH, reason('auth.weakPassword')).max(200);
export const passwordHashField = z.string().startsWith('scrypt$');
const unitId = z.coerce.number().int().positive();
/** The units a focal officer holds: a form's checkboxes (none, one or several) or a list of ids. */
export const unitIdsField = z.union([z.array(unitId), unitId.transform((id) => [id])]).default([]);

/** Every account with its units, admins first. */
export function listUsers(db: Db): UserListing[] {
  const rows = db.select().from(users).orderBy(asc(users.role), asc(users.username)).all();
  const links = db
    .select({ userId: userUnits.userId, id: units.id, code: units.code, name: units.name })
    .from(userUnits)
    .innerJoin(units, eq(units.id, userUnits.unitId))
    .orderBy(asc(units.code))
    .all();
  return rows.map((u) => {
    const own = links.filter((l) => l.userId === u.id).map(({ id, code, name }) => ({ id, code, name }));
    return {
      ...toSessionUser(u),
      unitIds: own.map((x) => x.id),
      units: own,
      disabledAt: u.disabledAt,
      createdAt: u.createdAt,
    };
  });
}

/** The account with this username (case-insensitive), or an AppError('not_found'). */
export function getUserByUsername(db: Db, username: string): SessionUser & { disabledAt: number | null } {
  const user = db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
  if (!user) throw new AppError('not_found', 'auth.userNotFound', { username });
  return { ...toSessionUser(user), unitIds: unitIdsOf(db, user.id), disabledAt: user.disabledAt };
}

/**
 * Who a command-line action is recorded as: the named account, which must exist and be active, or else the
 * operating-system user running it, marked as such in the audit log.
 */
export function commandLineActor(db: Db, asUsername: string | undefined, osUser: string): Actor {
  if (asUsername === undefined) return { userId: null, name: `${osUser} (CLI)` };
  const user = getUserByUsername(db, asUsername);
  if (user.disabledAt !== null)
    throw new AppError('forbidden', 'auth.actorDisabled', { username: user.username });
  return { userId: user.id, name: user.username };
}

export function unitIdsOf(db: Db, userId: number): number[] {
  return db
    .select({ unitId: userUnits.unitId })
    .from(userUnits)
    .where(eq(userUnits.userId, userId))
    .all()
    .map((r) => r.unitId);
}

export function toSessionUser(u: typeof users.$inferSelect): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitIds: [],
    mustChangePassword: u.passwordChangedAt === null,
  };
}

/** Adds an account (a taken username is refused) with its units; for the commands that create one. */
export function insertUser(
  db: Db,
  data: { username: string; displayName: string; role: UserRole; passwordHash: string; unitIds: number[] },
  origin: PasswordOrigin,
  now: number,
): SessionUser {
  if (db.select({ id: users.id }).from(users).where(eq(users.username, data.username)).get()) {
    throw new AppError('conflict', 'auth.usernameTaken', { username: data.username });
  }
  const user = db
    .insert(users)
    .values({
      username: data.username,
      displayName: data.displayName,
      passwordHash: data.passwordHash,
      role: data.role,
      passwordChangedAt: origin === 'own' ? now : null,
      createdAt: now,
    })
    .returning()
    .get();
  writeUserUnits(db, user.id, data.unitIds);
  return { ...toSessionUser(user), unitIds: [...new Set(data.unitIds)] };
}

/** Stores a new password hash and ends every session of the user (stolen ones included). */
export function replacePassword(
  db: Db,
  userId: number,
  passwordHash: string,
  origin: PasswordOrigin,
  now: number,
): void {
  db.update(users)
    .set({ passwordHash, passwordChangedAt: origin === 'own' ? now : null })
    .where(eq(users.id, userId))
    .run();
  endSessions(db, userId);
}

/** The account with this id, or an AppError('not_found'). */
export function requireUser(db: Db, userId: number): SessionUser {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new AppError('not_found', 'auth.userNotFound', { username: `#${userId}` });
  return toSessionUser(user);
}

/** Signs the user out everywhere. */
export function endSessions(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Links the user to these units; unknown unit ids are refused. */
export function writeUserUnits(db: Db, userId: number, unitIds: number[]): void {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return;
  const known = db.select({ id: units.id }).from(units).where(inArray(units.id, ids)).all();
  if (known.length !== ids.length) throw new AppError('invalid_input', 'auth.unknownUnit');
  db.insert(userUnits)
    .values(ids.map((unitId) => ({ userId, unitId })))
    .run();
}
