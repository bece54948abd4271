import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { getCampaign, newCampaignSchema, parseCampaignInput, type Campaign } from './campaigns';

export const campaignEditSchema = newCampaignSchema
  .extend({ mailSubject: z.string().trim().min(3, t('admin.campaigns.subjectRequired')).max(300) })
  .refine((c) => c.opensAt == null || c.closesAt == null || c.opensAt < c.closesAt, {
    message: t('admin.campaigns.closesBeforeOpens'),
    path: ['closesAt'],
  });
export type CampaignEdit = z.input<typeof campaignEditSchema>;

/**
 * Changes a campaign's name, year, subject, dates, reminder setting and small-group threshold (kept when not
 * given); a closed campaign is frozen.
 */
export function updateCampaign(db: Db, id: number, input: CampaignEdit): Campaign {
  const campaign = getCampaign(db, id);
  if (campaign.status === 'closed') throw new AppError('campaign_closed', t('admin.campaigns.closedFrozen'));
  const data = parseCampaignInput(campaignEditSchema, input);
  return db
    .update(campaigns)
    .set({
      name: data.name,
      year: data.year,
      mailSubject: data.mailSubject,
      opensAt: data.opensAt ?? null,
      closesAt: data.closesAt ?? null,
      reminderDaysBefore: data.reminderDaysBefore ?? null,
      minGroupSize: data.minGroupSize ?? campaign.minGroupSize,
    })
    .where(eq(campaigns.id, id))
    .returning()
    .get();
}
