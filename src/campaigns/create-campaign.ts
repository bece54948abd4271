import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail, type AuditDetail } from '../audit/audit-detail';
import { command, reason } from '../command';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { campaignFields, closesAfterOpens, defaultMailSubject, findCampaign } from './campaigns';
import { setUpNewCampaign } from './copy-campaign-setup';

const badCopyFrom = reason('admin.campaigns.badCopyFrom');

const newCampaign = campaignFields
  .partial({ opensAt: true, closesAt: true, reminderDaysBefore: true })
  .extend({
    /** An earlier campaign whose units, schedule, quotas, questionnaires and mail templates to take over. */
    copyFrom: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number({ error: badCopyFrom }).int(badCopyFrom).positive(badCopyFrom).optional(),
    ),
  })
  .refine(closesAfterOpens.check, closesAfterOpens.error);
export type NewCampaign = z.input<typeof newCampaign>;

/**
 * Creates a draft campaign with the built-in questionnaire for every known form type, or, with `copyFrom`, with
 * the setup of that earlier campaign (campaigns/copy-campaign-setup.ts), its mail templates and its reminder
 * setting (unless given); the subject then follows the earlier one with the year changed. Audited.
 */
export const createCampaign = command(newCampaign, ({ db, actor, now }, data) => {
  const source = data.copyFrom === undefined ? null : findCampaign(db, data.copyFrom);
  if (source === undefined)
    throw new AppError('invalid_input', 'admin.campaigns.badCopyFrom', {}, 'copyFrom');
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
      interviewGraceHours: data.interviewGraceHours ?? source?.interviewGraceHours,
      mailTemplates: source?.mailTemplates ?? null,
      contactPhone: data.contactPhone ?? source?.contactPhone ?? null,
      contactEmail: data.contactEmail ?? source?.contactEmail ?? null,
    })
    .returning()
    .get();
  setUpNewCampaign(db, campaign, source);
  const detail: AuditDetail = source
    ? { key: 'admin.audit.createdFrom', params: { name: campaign.name, id: String(source.id) } }
    : plainDetail(campaign.name);
  recordAudit(db, actor, 'campaign.create', { campaignId: campaign.id, detail }, now);
  return campaign;
});
