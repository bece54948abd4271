import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import {
  createUser,
  disableUser,
  enableUser,
  listUsers,
  MIN_PASSWORD_LENGTH,
  newPassword,
  resetPassword,
  setUserUnits,
} from '../../auth';
import { AppError, orThrow, statusOf } from '../../errors';
import { tFor } from '../locale';
import { listUnits } from '../../units/campaign-units';
import { idList, refusalTexts } from '../form-values';
import { currentUser } from '../guards';
import { issuedPasswords } from './issued-passwords';
import { actorOf, intParam } from './params';

const doneQuery = z.object({
  done: z.enum(['created', 'units', 'disabled', 'enabled']).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
});
/** The typed password, read before the command to hash it (its rules are the command's). */
const typedPassword = z.object({ password: z.string().max(200).default('') });

/** Accounts: create (password given or generated and shown once), units, disable/enable, reset password. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  const renderUsers = (
    res: Response,
    status: number,
    form: Record<string, unknown> = {},
    error?: string,
    done?: z.infer<typeof doneQuery>,
  ) => {
    const users = listUsers(ctx.db);
    const doneUser = done?.user === undefined ? undefined : users.find((u) => u.id === done.user);
    res.status(status).render('admin/users', {
      title: tFor(res)('admin.users.title'),
      users,
      units: listUnits(ctx.db),
      form: { role: 'officer', ...form, unitIds: idList.catch([]).parse(form.unitIds) },
      error,
      min: MIN_PASSWORD_LENGTH,
      done: done?.done && doneUser ? { action: done.done, user: doneUser } : null,
    });
  };
  /** After an action, back to the list with a sentence saying what was done to whom. */
  const doneRedirect = (res: Response, action: z.infer<typeof doneQuery>['done'], userId: number) =>
    res.redirect(303, `/admin/users?done=${action}&user=${userId}#user-${userId}`);

  const passwords = issuedPasswords();
  /** Ends the POST that issued a password in a redirect to the page that shows it once. */
  const showPassword = (res: Response, username: string, password: string, created: boolean) => {
    const key = passwords.keep({ username, password, created }, currentUser(res)!.id, ctx.clock());
    res.redirect(303, `/admin/users/mat-khau-moi?ma=${key}`);
  };

  router.get('/users/mat-khau-moi', (req, res) => {
    const key = typeof req.query.ma === 'string' ? req.query.ma : '';
    const issued = passwords.take(key, currentUser(res)!.id, ctx.clock());
    res.render('admin/user-password', {
      title: tFor(res)('admin.users.passwordTitle'),
      issued: issued ?? null,
    });
  });

  router.get('/users', (req, res) => renderUsers(res, 200, {}, undefined, doneQuery.parse(req.query)));

  router.post('/users', async (req, res) => {
    // No password typed: one is drawn at random and shown once. Either way the new user replaces it.
    const given = typedPassword.parse(req.body ?? {}).password;
    const { password, passwordHash } = await newPassword(given);
    const created = createUser(ctx.db, { ...req.body, password, passwordHash }, actorOf(res), ctx.clock());
    if (!created.ok) {
      const form = { ...req.body, password: '' };
      return renderUsers(res, statusOf(created), form, refusalTexts(res, created).message);
    }
    if (given === '') return showPassword(res, created.value.username, password, true);
    doneRedirect(res, 'created', created.value.id);
  });

  router.get('/users/:userId', (req, res) => {
    const id = intParam(req, 'userId');
    const account = listUsers(ctx.db).find((u) => u.id === id);
    if (!account) throw new AppError('not_found', 'errors.notFound');
    res.render('admin/user-edit', {
      title: tFor(res)('admin.users.editTitle'),
      // Not `user`: that local is the signed-in account the page header names.
      account,
      units: listUnits(ctx.db),
    });
  });

  router.post('/users/:userId/units', (req, res) => {
    const userId = intParam(req, 'userId');
    orThrow(setUserUnits(ctx.db, { ...req.body, userId }, actorOf(res), ctx.clock()));
    doneRedirect(res, 'units', userId);
  });

  router.post('/users/:userId/disable', (req, res) => {
    const userId = intParam(req, 'userId');
    orThrow(disableUser(ctx.db, { userId }, actorOf(res), ctx.clock()));
    doneRedirect(res, 'disabled', userId);
  });

  router.post('/users/:userId/enable', (req, res) => {
    const userId = intParam(req, 'userId');
    orThrow(enableUser(ctx.db, { userId }, actorOf(res), ctx.clock()));
    doneRedirect(res, 'enabled', userId);
  });

  router.post('/users/:userId/password', async (req, res) => {
    const { password, passwordHash } = await newPassword();
    const userId = intParam(req, 'userId');
    const user = orThrow(resetPassword(ctx.db, { userId, passwordHash }, actorOf(res), ctx.clock()));
    showPassword(res, user.username, password, false);
  });

  return router;
}
