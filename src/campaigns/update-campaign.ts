import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command, reason } from '../command';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { campaignFields, campaignIdField, closesAfterOpens, getCampaign } from './campaigns';

const campaignEdit = campaignFields
  .extend({
    campaignId: campaignIdField,
    mailSubject: z.string().trim().min(3, reason('admin.campaigns.subjectRequired')).max(300),
  })
  .refine(closesAfterOpens.check, closesAfterOpens.error);
export type CampaignEdit = z.input<typeof campaignEdit>;

/**
 * Changes a campaign's name, year, subject, dates, reminder setting, help contact and small-group threshold (kept when not
 * given); a closed campaign is frozen. Audited.
 */
export const updateCampaign = command(campaignEdit, ({ db, actor, now }, data) => {
  const current = getCampaign(db, data.campaignId);
  if (current.status === 'closed') {
    throw new AppError('campaign_closed', 'admin.campaigns.closedFrozen');
  }
  const campaign = db
    .update(campaigns)
    .set({
      name: data.name,
      year: data.year,
      mailSubject: data.mailSubject,
      opensAt: data.opensAt,
      closesAt: data.closesAt,
      reminderDaysBefore: data.reminderDaysBefore,
      minGroupSize: data.minGroupSize ?? current.minGroupSize,
      // Not given (the CLI without the option): kept; given blank: removed.
      contactPhone: data.contactPhone === undefined ? current.contactPhone : data.contactPhone,
      contactEmail: data.contactEmail === undefined ? current.contactEmail : data.contactEmail,
      interviewGraceHours: data.interviewGraceHours ?? current.interviewGraceHours,
    })
    .where(eq(campaigns.id, data.campaignId))
    .returning()
    .get();
  recordAudit(
    db,
    actor,
    'campaign.update',
    { campaignId: campaign.id, detail: plainDetail(campaign.name) },
    now,
  );
  return campaign;
});
