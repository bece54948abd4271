import type { Request, Response } from 'express';
import type { Actor } from '../../audit/actor';
import { AppError } from '../../errors';
import { currentUser } from '../guards';

/** A positive integer route parameter, or a 404 (a malformed id is just a page that does not exist). */
export function intParam(req: Request, name: string): number {
  const value = Number(req.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('not_found', 'errors.notFound');
  return value;
}

export const campaignId = (req: Request) => intParam(req, 'campaignId');

/** The signed-in admin as the audit log names them. */
export function actorOf(res: Response): Actor {
  const user = currentUser(res)!;
  return { userId: user.id, name: user.username };
}
