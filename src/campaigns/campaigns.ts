import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { inTransaction, type Db } from '../db/client';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { setUpNewCampaign } from './copy-campaign-setup';

export type Campaign = typeof campaigns.$inferSelect;

const badYear = t('admin.campaigns.badYear');
/** A threshold above a unit's whole quota would hide everything: 100 covers any unit's form type. */
export const MAX_MIN_GROUP_SIZE = 100;

export const newCampaignSchema = z.object({
  name: z.string().trim().min(3, t('admin.campaigns.nameRequired')).max(200),
  year: z.coerce.number({ error: badYear }).int(badYear).min(2000, badYear).max(2100, badYear),
  /** Defaults to the wording the Sở Nội vụ used in 2019. */
  mailSubject: z.string().trim().min(3, t('admin.campaigns.subjectRequired')).max(300).optional(),
  opensAt: z.number().int().nullable().optional(),
  closesAt: z.number().int().nullable().optional(),
  reminderDaysBefore: z.number().int().min(0).max(60).nullable().optional(),
  /** Fewest responses a group needs before results show per-question detail (docs/DOMAIN.md § Anonymity). */
  minGroupSize: z
    .number({ error: t('admin.campaigns.badMinGroup') })
    .int(t('admin.campaigns.badMinGroup'))
    .min(1, t('admin.campaigns.badMinGroup'))
    .max(MAX_MIN_GROUP_SIZE, t('admin.campaigns.badMinGroup'))
    .optional(),
  /** An earlier campaign whose units, schedule, quotas, questionnaires and mail templates to take over. */
  copyFrom: z
    .number({ error: t('admin.campaigns.badCopyFrom') })
    .int(t('admin.campaigns.badCopyFrom'))
    .positive(t('admin.campaigns.badCopyFrom'))
    .optional(),
});
export type NewCampaign = z.input<typeof newCampaignSchema>;

export function defaultMailSubject(year: number): string {
  return `Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC ${year}`;
}

/**
 * Creates a draft campaign with the built-in questionnaire for every known form type, or, with `copyFrom`, with
 * the setup of that earlier campaign (campaigns/copy-campaign-setup.ts), its mail templates, its reminder
 * setting and its small-group threshold (unless given); the subject then follows the earlier one with the year
 * changed.
 */
export function createCampaign(db: Db, input: NewCampaign): Campaign {
  const data = parseCampaignInput(newCampaignSchema, input);
  return inTransaction(db, () => {
    const source = data.copyFrom === undefined ? null : getCampaign(db, data.copyFrom);
    const campaign = db
      .insert(campaigns)
      .values({
        name: data.name,
        year: data.year,
        mailSubject:
          data.mailSubject ??
          (source
            ? source.mailSubject.replaceAll(String(source.year), String(data.year))
            : defaultMailSubject(data.year)),
        opensAt: data.opensAt ?? null,
        closesAt: data.closesAt ?? null,
        reminderDaysBefore: data.reminderDaysBefore ?? source?.reminderDaysBefore ?? null,
        minGroupSize: data.minGroupSize ?? source?.minGroupSize,
        mailTemplates: source?.mailTemplates ?? null,
      })
      .returning()
      .get();
    setUpNewCampaign(db, campaign, source);
    return campaign;
  });
}

/** Valid input, or an AppError('invalid_input') whose message lists each problem in Vietnamese (for the CLI). */
export function parseCampaignInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const messages = [...new Set(parsed.error.issues.map((issue) => issue.message))];
  throw new AppError('invalid_input', messages.join(' '), parsed.error.issues);
}

export function listCampaigns(db: Db): Campaign[] {
  return db.select().from(campaigns).orderBy(desc(campaigns.id)).all();
}

/** The campaign, or an AppError('not_found'). */
export function getCampaign(db: Db, id: number): Campaign {
  const campaign = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!campaign) throw new AppError('not_found', t('campaigns.notFound'));
  return campaign;
}

/** Opens a draft campaign for answers; refusing to reopen a closed one (that is an audited reopen). */
export function openCampaign(db: Db, id: number, now: number): Campaign {
  const campaign = getCampaign(db, id);
  if (campaign.status === 'closed') throw new AppError('campaign_closed', t('campaigns.alreadyClosed'));
  return db
    .update(campaigns)
    .set({ status: 'open', opensAt: campaign.opensAt ?? now })
    .where(eq(campaigns.id, id))
    .returning()
    .get();
}
