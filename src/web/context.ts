import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Mailer } from '../mail/transport';
import type { Clock } from '../time';

/** Everything a route may need, passed in so tests can build an app on their own db, mailer and clock. */
export type AppContext = {
  db: Db;
  config: Config;
  mailer: Mailer;
  clock: Clock;
  logger?: Logger;
  /** Per-IP limits on survey links (default: from SURVEY_RATE_LIMIT in config); false turns them off. */
  surveyRateLimit?: SurveyRateLimit | false;
};

/**
 * Requests per IP on /s/* within the window, and the stricter budget for links that match nothing; a limit of
 * 0 turns that limiter off.
 */
export type SurveyRateLimit = { windowMs: number; limit: number; unknownLimit: number };
