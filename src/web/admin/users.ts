import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { recordAudit } from '../../audit/record-audit';
import {
  createUser,
  disableUser,
  enableUser,
  generatePassword,
  listUsers,
  MIN_PASSWORD_LENGTH,
  resetPassword,
  setUserUnits,
} from '../../auth';
import { USER_ROLES } from '../../db/schema';
import { AppError } from '../../errors';
import { t } from '../../i18n/messages';
import { tFor } from '../locale';
import { listUnits } from '../../units/campaign-units';
import { idList } from '../form-values';
import { currentUser } from '../guards';
import { actorOf, intParam } from './params';

const userForm = z.object({
  username: z.string().trim().max(40).default(''),
  displayName: z.string().trim().max(120).default(''),
  role: z.enum(USER_ROLES).default('officer'),
  password: z.string().max(200).default(''),
  unitIds: idList,
});

const doneQuery = z.object({
  done: z.enum(['created', 'units', 'disabled', 'enabled']).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
});

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
      form: { role: 'officer', unitIds: [], ...form },
      error,
      min: MIN_PASSWORD_LENGTH,
      done: done?.done && doneUser ? { action: done.done, user: doneUser } : null,
    });
  };
  /** After an action, back to the list with a sentence saying what was done to whom. */
  const doneRedirect = (res: Response, action: z.infer<typeof doneQuery>['done'], userId: number) =>
    res.redirect(303, `/admin/users?done=${action}&user=${userId}#user-${userId}`);

  const findUser = (req: Request) => {
    const id = intParam(req, 'userId');
    const user = listUsers(ctx.db).find((u) => u.id === id);
    if (!user) throw new AppError('not_found', 'errors.notFound');
    return user;
  };

  const showPassword = (res: Response, username: string, password: string, created: boolean) =>
    res.render('admin/user-password', {
      title: tFor(res)('admin.users.passwordTitle'),
      username,
      password,
      created,
    });

  router.get('/users', (req, res) => renderUsers(res, 200, {}, undefined, doneQuery.parse(req.query)));

  router.post('/users', async (req, res) => {
    const form = userForm.parse(req.body ?? {});
    const generated = form.password === '';
    const password = generated ? generatePassword() : form.password;
    try {
      // The admin hands this password over: the new user must choose their own at the first sign-in.
      const user = await createUser(ctx.db, { ...form, password }, ctx.clock(), 'issued');
      recordAudit(
        ctx.db,
        actorOf(res),
        'user.create',
        { text: t('admin.audit.userCreated', { username: user.username, role: user.role }) },
        ctx.clock(),
      );
      if (generated) return showPassword(res, user.username, password, true);
      doneRedirect(res, 'created', user.id);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      renderUsers(res, error.status, { ...form, password: '' }, tFor(res)(error.key, error.params));
    }
  });

  router.get('/users/:userId', (req, res) => {
    res.render('admin/user-edit', {
      title: tFor(res)('admin.users.editTitle'),
      // Not `user`: that local is the signed-in account the page header names.
      account: findUser(req),
      units: listUnits(ctx.db),
    });
  });

  router.post('/users/:userId/units', (req, res) => {
    const user = findUser(req);
    const unitIds = idList.parse((req.body as { unitIds?: unknown })?.unitIds);
    setUserUnits(ctx.db, user.id, unitIds);
    const codes = listUnits(ctx.db)
      .filter((u) => unitIds.includes(u.id))
      .map((u) => u.code);
    recordAudit(
      ctx.db,
      actorOf(res),
      'user.units',
      { text: t('admin.audit.userUnits', { username: user.username, units: codes.join(', ') || '—' }) },
      ctx.clock(),
    );
    doneRedirect(res, 'units', user.id);
  });

  router.post('/users/:userId/disable', (req, res) => {
    const user = findUser(req);
    if (user.id === currentUser(res)!.id)
      throw new AppError('invalid_input', 'admin.users.cannotDisableSelf');
    disableUser(ctx.db, user.id, ctx.clock());
    recordAudit(ctx.db, actorOf(res), 'user.disable', { text: user.username }, ctx.clock());
    doneRedirect(res, 'disabled', user.id);
  });

  router.post('/users/:userId/enable', (req, res) => {
    const user = findUser(req);
    enableUser(ctx.db, user.id);
    recordAudit(ctx.db, actorOf(res), 'user.enable', { text: user.username }, ctx.clock());
    doneRedirect(res, 'enabled', user.id);
  });

  router.post('/users/:userId/password', async (req, res) => {
    const user = findUser(req);
    const password = await resetPassword(ctx.db, user.id, ctx.clock());
    recordAudit(ctx.db, actorOf(res), 'user.password_reset', { text: user.username }, ctx.clock());
    showPassword(res, user.username, password, false);
  });

  return router;
}
