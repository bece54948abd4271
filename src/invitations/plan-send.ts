import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { AppError } from '../errors';
import { vnDay } from '../time';
import {
  countInvitationTargets,
  notPastDeadline,
  recentReminders,
  type InvitationFilter,
} from './queue-invitation-mails';

export const SEND_KINDS = ['invitations', 'failed', 'reminders'] as const;
/** The admin's three sends: invitations not sent yet, the same plus failed and bounced ones, reminders. */
export type SendKind = (typeof SEND_KINDS)[number];

const STATUSES: Record<SendKind, DeliveryStatus[]> = {
  invitations: ['not_sent'],
  failed: ['not_sent', 'failed', 'bounced'],
  reminders: ['sent'],
};

const DAY_MS = 24 * 60 * 60 * 1000;

export type SendPlan = {
  /** Why nothing may be sent now: the campaign is still a draft, or closed. */
  refusal?: 'draft' | 'closed';
  /** Messages the send would queue, and to how many people. */
  mails: number;
  people: number;
  /** Invitations of the same kind left out because their unit's deadline has passed. */
  pastDeadline: number;
  /** Invitations only: how many of those mails go to units whose sending day is still ahead (earlier than planned). */
  early: number;
  /** Reminders only: how many of those people were already reminded in the last 24 hours, and when last. */
  recentlyReminded: number;
  lastRemindedAt: number | null;
};

/**
 * The confirmation step before an admin's send: what sendInvitations / sendReminders would queue at `now` for the
 * same campaign, unit and kind, and what they would leave out.
 */
export function planSend(
  db: Db,
  input: { campaignId: number; unitId?: number; kind: SendKind },
  now: number,
): SendPlan {
  const row = db.$client.prepare('SELECT status FROM campaigns WHERE id = ?').get(input.campaignId) as
    { status: string } | undefined;
  if (!row) throw new AppError('not_found', 'mail.campaignNotFound');
  const none = { mails: 0, people: 0, pastDeadline: 0, early: 0, recentlyReminded: 0, lastRemindedAt: null };
  if (row.status === 'draft' || row.status === 'closed') return { ...none, refusal: row.status };

  const filter: InvitationFilter = {
    campaignId: input.campaignId,
    unitId: input.unitId,
    statuses: STATUSES[input.kind],
  };
  const open = { ...filter, extra: notPastDeadline(now) };
  const { mails, people } = countInvitationTargets(db, open);
  const pastDeadline = countInvitationTargets(db, {
    ...filter,
    extra: sql`NOT ${notPastDeadline(now)}`,
  }).mails;
  const reminded =
    input.kind === 'reminders' ? recentReminders(db, open, now - DAY_MS) : { recent: 0, lastAt: null };
  const early =
    input.kind === 'reminders'
      ? 0
      : countInvitationTargets(db, {
          ...filter,
          extra: sql`${notPastDeadline(now)} AND cu.send_on IS NOT NULL AND cu.send_on > ${vnDay(now)}`,
        }).mails;
  return {
    mails,
    people,
    pastDeadline,
    early,
    recentlyReminded: reminded.recent,
    lastRemindedAt: reminded.lastAt,
  };
}
