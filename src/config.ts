import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/cchc.sqlite'),
  /** Empty: mail is stored as .eml files under MAIL_DIR and listed in the admin UI. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Sở Nội vụ <khaosat@localhost>'),
  /** Unset: http://localhost:<PORT>, so links work for someone trying it on their own machine. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MAIL_DIR: z.string().default('data/mail'),
  /** Messages per minute the outbox may send; real relays throttle. */
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  /** SMTP pool size = messages in flight; 5 matched 10 and beat 20 on a quiet machine (bench/results.md), and most relays cap connections. */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Requests per IP on survey links (/s/*) per 5 minutes; 0 turns the limit off. Offices reach the server
   * through one NAT address, so this is sized for a whole office answering at once.
   */
  SURVEY_RATE_LIMIT: z.coerce.number().int().min(0).default(3000),
  /** Requests per IP per 5 minutes for links that match nothing (slows token guessing); 0 turns it off. */
  SURVEY_UNKNOWN_TOKEN_LIMIT: z.coerce.number().int().min(0).default(30),
  SESSION_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & { PUBLIC_URL: string; databaseFile: string; mailDir: string }
>;

/** Parses the environment once; every problem is listed together so an operator fixes them in one go. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({
    ...c,
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    databaseFile: c.DATABASE_PATH === ':memory:' ? ':memory:' : path.resolve(projectRoot, c.DATABASE_PATH),
    mailDir: path.resolve(projectRoot, c.MAIL_DIR),
  });
}

export class ConfigError extends Error {}

function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) out[k] = v === '' ? undefined : v;
  return out;
}
