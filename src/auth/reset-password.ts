import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command } from '../command';
import { passwordHashField, replacePassword, requireUser, userIdField } from './users';

/**
 * Gives the user a new password chosen by someone else (a random one, hashed beforehand: auth/password.ts
 * newPassword) and ends their sessions; they must replace it at the next sign-in. Audited.
 */
export const resetPassword = command(
  z.object({ userId: userIdField, passwordHash: passwordHashField }),
  ({ db, actor, now }, { userId, passwordHash }) => {
    const user = requireUser(db, userId);
    replacePassword(db, userId, passwordHash, 'issued', now);
    recordAudit(db, actor, 'user.password_reset', { detail: plainDetail(user.username) }, now);
    return user;
  },
);
