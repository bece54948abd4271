import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../audit/actor';
import { autoCloseDueCampaigns } from '../campaigns/close-campaign';
import type { Db } from '../db/client';
import { orThrow } from '../errors';
import { sendDueInvitations } from '../invitations/send-due-invitations';
import { sendDueReminders } from '../invitations/send-due-reminders';
import type { TimedJob } from './scheduler';

// Closing looks at every open campaign's deadlines: once a minute is soon enough after a deadline.
const CLOSE_EVERY_MS = 60_000;

/**
 * The survey's timed jobs, each a domain command run as the system with the tick's `now`: the invitations of the
 * units whose sending day has come, the automatic reminders, and the automatic close once a campaign's last
 * deadline has passed (docs/DOMAIN.md § Quota shortfall).
 */
export function surveyJobs({
  db,
  publicUrl,
  logger,
}: {
  db: Db;
  publicUrl: string;
  logger?: Logger;
}): TimedJob[] {
  return [
    {
      name: 'scheduled-invitations',
      run: (now) => {
        const queued = orThrow(sendDueInvitations(db, { publicUrl }, SYSTEM_ACTOR, now));
        if (queued > 0)
          logger?.info({ queued }, 'scheduler: queued invitations of units whose sending day came');
      },
    },
    {
      name: 'automatic-reminders',
      run: (now) => {
        const queued = orThrow(sendDueReminders(db, { publicUrl }, SYSTEM_ACTOR, now));
        if (queued > 0) logger?.info({ queued }, 'scheduler: queued automatic reminders');
      },
    },
    {
      name: 'automatic-close',
      everyMs: CLOSE_EVERY_MS,
      run: (now) => {
        const closed = autoCloseDueCampaigns(db, now);
        if (closed.length > 0)
          logger?.info({ campaigns: closed }, 'scheduler: campaigns closed at their deadline');
      },
    },
  ];
}
