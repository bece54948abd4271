import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, reason } from '../command';
import {
  insertUser,
  passwordField,
  passwordHashField,
  unitIdsField,
  USER_ROLES,
  type SessionUser,
} from './users';

const newUser = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, reason('auth.badUsername')),
  /** Checked here; the hash made from it (auth/password.ts newPassword) is what is stored. */
  password: passwordField,
  passwordHash: passwordHashField,
  role: z.enum(USER_ROLES, reason('auth.badRole')),
  displayName: z.string().trim().max(120).default(''),
  unitIds: unitIdsField,
});
export type NewUser = z.input<typeof newUser>;

/**
 * Creates an account (an admin's or the CLI's): its password is issued, so its owner chooses their own at the
 * first sign-in. A taken username, a weak password or an unknown unit is refused. Audited.
 */
export const createUser = command(newUser, ({ db, actor, now }, data): SessionUser => {
  const user = insertUser(db, data, 'issued', now);
  const params = { username: user.username, role: user.role };
  recordAudit(db, actor, 'user.create', { detail: { key: 'admin.audit.userCreated', params } }, now);
  return user;
});
