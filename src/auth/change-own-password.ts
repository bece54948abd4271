import { z } from 'zod';
import { command, reason } from '../command';
import { passwordField, passwordHashField, replacePassword, requireUser, userIdField } from './users';

/**
 * A signed-in user replaces their password with one of their own (the caller has checked `current` against the
 * stored hash, and hashed `password`): every other session ends. A password is the user's own business: not
 * audited.
 */
export const changeOwnPassword = command(
  z
    .object({
      userId: userIdField,
      current: z.string().max(200),
      password: passwordField,
      confirm: z.string().max(200),
      passwordHash: passwordHashField,
    })
    .refine((d) => d.password === d.confirm, { message: reason('auth.passwordMismatch'), path: ['confirm'] })
    .refine((d) => d.password !== d.current, { message: reason('auth.samePassword'), path: ['password'] }),
  ({ db, now }, { userId, passwordHash }) => {
    requireUser(db, userId);
    replacePassword(db, userId, passwordHash, 'own', now);
  },
);
