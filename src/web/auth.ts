import { Router } from 'express';
import type { AppContext } from '../app';

export function authRouter(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
