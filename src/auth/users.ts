import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { inTransaction, type Db } from '../db/client';
import { sessions, units, userUnits, users, USER_ROLES, type UserRole } from '../db/schema';
import { invalidInput, reason } from '../command';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './password';

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

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, reason('auth.weakPassword')).max(200);

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, reason('auth.badUsername')),
  password: passwordSchema,
  role: z.enum(USER_ROLES),
  displayName: z.string().trim().max(120).default(''),
  unitIds: z.array(z.number().int().positive()).default([]),
});
export type NewUser = z.input<typeof newUserSchema>;

/**
 * Creates an account with a hashed password; a taken username or a weak password is an AppError. The password is
 * `own` unless said otherwise (the web and CLI account forms say `issued`).
 */
export async function createUser(
  db: Db,
  input: NewUser,
  now: number,
  origin: PasswordOrigin = 'own',
): Promise<SessionUser> {
  const data = parseOrThrow(newUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return inTransaction(db, () => {
    if (db.select({ id: users.id }).from(users).where(eq(users.username, data.username)).get()) {
      throw new AppError('conflict', 'auth.usernameTaken', { username: data.username });
    }
    const user = db
      .insert(users)
      .values({
        username: data.username,
        displayName: data.displayName,
        passwordHash,
        role: data.role,
        passwordChangedAt: origin === 'own' ? now : null,
        createdAt: now,
      })
      .returning()
      .get();
    writeUserUnits(db, user.id, data.unitIds);
    return { ...toSessionUser(user), unitIds: [...new Set(data.unitIds)] };
  });
}

/** Replaces the units a user may see; unknown unit ids are an AppError. */
export function setUserUnits(db: Db, userId: number, unitIds: number[]): void {
  inTransaction(db, () => {
    requireUser(db, userId);
    db.delete(userUnits).where(eq(userUnits.userId, userId)).run();
    writeUserUnits(db, userId, unitIds);
  });
}

/**
 * Sets a new password (already checked by the caller when the old one is required) and ends all sessions. An
 * `issued` password (a reset) must be replaced by the user at the next sign-in.
 */
export async function changePassword(
  db: Db,
  userId: number,
  newPassword: string,
  now: number,
  origin: PasswordOrigin = 'own',
): Promise<void> {
  const password = parseOrThrow(passwordSchema, newPassword);
  const passwordHash = await hashPassword(password);
  inTransaction(db, () => {
    requireUser(db, userId);
    db.update(users)
      .set({ passwordHash, passwordChangedAt: origin === 'own' ? now : null })
      .where(eq(users.id, userId))
      .run();
    db.delete(sessions).where(eq(sessions.userId, userId)).run();
  });
}

/** Gives the user a fresh random password and returns it (to be shown once). */
export async function resetPassword(db: Db, userId: number, now: number): Promise<string> {
  const password = generatePassword();
  await changePassword(db, userId, password, now, 'issued');
  return password;
}

/** Blocks sign-in and ends every session of the user at once. */
export function disableUser(db: Db, userId: number, now: number): void {
  inTransaction(db, () => {
    requireUser(db, userId);
    db.update(users).set({ disabledAt: now }).where(eq(users.id, userId)).run();
    db.delete(sessions).where(eq(sessions.userId, userId)).run();
  });
}

/** Allows a disabled user to sign in again. */
export function enableUser(db: Db, userId: number): void {
  requireUser(db, userId);
  db.update(users).set({ disabledAt: null }).where(eq(users.id, userId)).run();
}

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

/**
 * Creates the account `admin` with a random password when there is no admin account at all, so a fresh install
 * can be entered; returns that password (to print once) or null when an admin exists.
 */
export async function ensureFirstAdmin(db: Db, now: number): Promise<string | null> {
  if (db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).get()) return null;
  const password = generatePassword();
  await createUser(
    db,
    { username: 'admin', password, role: 'admin', displayName: t('auth.firstAdminName') },
    now,
    'issued',
  );
  return password;
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

function writeUserUnits(db: Db, userId: number, unitIds: number[]): void {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return;
  const known = db.select({ id: units.id }).from(units).where(inArray(units.id, ids)).all();
  if (known.length !== ids.length) throw new AppError('invalid_input', 'auth.unknownUnit');
  db.insert(userUnits)
    .values(ids.map((unitId) => ({ userId, unitId })))
    .run();
}

function requireUser(db: Db, userId: number): void {
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) {
    throw new AppError('not_found', 'auth.userNotFound', { username: `#${userId}` });
  }
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { message } = invalidInput(parsed.error);
    throw new AppError('invalid_input', message.key, message.params);
  }
  return parsed.data;
}
