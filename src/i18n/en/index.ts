import type { Catalogue } from '../catalogue';
import { app } from './app';
import { errors } from './errors';
import { ops } from './ops';
import { survey } from './survey';
import { cli } from './cli';
import { groups } from './groups';
import { campaignStatus, campaigns } from './campaigns';
import { forms } from './forms';
import { imports } from './imports';
import { results } from './results';
import { auth } from './auth';
import { officer } from './officer';
import { admin } from './admin';
import { mail } from './mail';
import { interviews } from './interviews';
import { open } from './open';

export const en: Catalogue = {
  app,
  errors,
  ops,
  survey,
  groups,
  campaignStatus,
  campaigns,
  forms,
  imports,
  results,
  auth,
  officer,
  admin,
  mail,
  interviews,
  open,
  cli,
};
