import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command } from '../command';
import { users } from '../db/schema';
import { AppError } from '../errors';
import { endSessions, requireUser, userIdField } from './users';

const whichUser = z.object({ userId: userIdField });

/** Blocks sign-in and ends every session of the user at once; nobody locks their own account. Audited. */
export const disableUser = command(whichUser, ({ db, actor, now }, { userId }) => {
  const user = requireUser(db, userId);
  if (actor.userId === userId) throw new AppError('invalid_input', 'admin.users.cannotDisableSelf');
  db.update(users).set({ disabledAt: now }).where(eq(users.id, userId)).run();
  endSessions(db, userId);
  recordAudit(db, actor, 'user.disable', { detail: plainDetail(user.username) }, now);
  return user;
});

/** Allows a locked account to sign in again. Audited. */
export const enableUser = command(whichUser, ({ db, actor, now }, { userId }) => {
  const user = requireUser(db, userId);
  db.update(users).set({ disabledAt: null }).where(eq(users.id, userId)).run();
  recordAudit(db, actor, 'user.enable', { detail: plainDetail(user.username) }, now);
  return user;
});
