import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { reason } from '../command';
import type { Db } from '../db/client';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { vnInstantField } from '../time';

export type Campaign = typeof campaigns.$inferSelect;

const badYear = reason('admin.campaigns.badYear');
const blankAsNull = (value: unknown) => (value === '' || value === undefined ? null : value);
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
/** A threshold above a unit's whole quota would hide everything: 100 covers any unit's form type. */
export const MAX_MIN_GROUP_SIZE = 100;
const badMinGroup = reason('admin.campaigns.badMinGroup');
export const MAX_INTERVIEW_GRACE_HOURS = 720;
const badGrace = reason('interviews.badGraceHours');

/** What an admin sets on a campaign, from the web form or the CLI; the one place these rules live. */
export const campaignFields = z.object({
  name: z.string().trim().min(3, reason('admin.campaigns.nameRequired')).max(200),
  year: z.coerce.number({ error: badYear }).int(badYear).min(2000, badYear).max(2100, badYear),
  /** Blank when creating: the wording the Sở Nội vụ used in 2019, or the copied campaign's with the new year. */
  mailSubject: z.preprocess(
    blankAsUndefined,
    z.string().trim().min(3, reason('admin.campaigns.subjectRequired')).max(300).optional(),
  ),
  opensAt: z.preprocess(blankAsNull, vnInstantField('start', reason('admin.campaigns.badDate'))),
  closesAt: z.preprocess(blankAsNull, vnInstantField('end', reason('admin.campaigns.badDate'))),
  reminderDaysBefore: z.preprocess(
    blankAsNull,
    z.coerce
      .number({ error: reason('admin.campaigns.badReminder') })
      .int(reason('admin.campaigns.badReminder'))
      .min(0, reason('admin.campaigns.badReminder'))
      .max(60, reason('admin.campaigns.badReminder'))
      .nullable(),
  ),
  /** Fewest responses a group needs before results show per-question detail (docs/DOMAIN.md § Anonymity). */
  minGroupSize: z.preprocess(
    blankAsUndefined,
    z.coerce
      .number({ error: badMinGroup })
      .int(badMinGroup)
      .min(1, badMinGroup)
      .max(MAX_MIN_GROUP_SIZE, badMinGroup)
      .optional(),
  ),
  /** Named on the survey pages' help line; blank: none. */
  contactPhone: z.preprocess(
    blankAsNull,
    z
      .string()
      .trim()
      .regex(/^[0-9 +().-]{6,40}$/, reason('admin.campaigns.badContactPhone'))
      .nullable()
      .optional(),
  ),
  contactEmail: z.preprocess(
    blankAsNull,
    z.email(reason('admin.campaigns.badContactEmail')).max(320).nullable().optional(),
  ),
  /** Hours after a unit's deadline during which interviews ended before it may still be uploaded (docs/DOMAIN.md § Interviews). */
  interviewGraceHours: z.preprocess(
    blankAsUndefined,
    z.coerce
      .number({ error: badGrace })
      .int(badGrace)
      .min(0, badGrace)
      .max(MAX_INTERVIEW_GRACE_HOURS, badGrace)
      .optional(),
  ),
});

/** A campaign ends after it starts: `.refine(closesAfterOpens.check, closesAfterOpens.error)`. */
export const closesAfterOpens = {
  check: (c: { opensAt?: number | null; closesAt?: number | null }) =>
    c.opensAt == null || c.closesAt == null || c.opensAt < c.closesAt,
  error: { message: reason('admin.campaigns.closesBeforeOpens'), path: ['closesAt'] },
};

/** A campaign's id as commands take it (a route parameter or a CLI argument). */
export const campaignIdField = z.coerce.number().int().positive();

export function defaultMailSubject(year: number): string {
  return `Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC ${year}`;
}

export function listCampaigns(db: Db): Campaign[] {
  return db.select().from(campaigns).orderBy(desc(campaigns.id)).all();
}

/** The campaign, or undefined. */
export function findCampaign(db: Db, id: number): Campaign | undefined {
  return db.select().from(campaigns).where(eq(campaigns.id, id)).get();
}

/** The campaign, or an AppError('not_found'). */
export function getCampaign(db: Db, id: number): Campaign {
  const campaign = findCampaign(db, id);
  if (!campaign) throw new AppError('not_found', 'campaigns.notFound');
  return campaign;
}
