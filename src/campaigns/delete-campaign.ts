import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { z } from 'zod';
import { afterCommit, command, reason } from '../command';
import type { Db } from '../db/client';
import { campaigns, importUploads } from '../db/schema';
import { AppError } from '../errors';
import { uploadFile } from '../imports/upload-files';
import { campaignIdField, getCampaign } from './campaigns';

/** What deleting a draft takes with it, for the confirmation page and the result. */
export type DraftContents = { units: number; respondents: number; invitations: number; uploads: number };

/** How many units, people, invitations and uploaded files a campaign holds. */
export function campaignContents(db: Db, campaignId: number): DraftContents {
  const count = (table: string) =>
    db.$client
      .prepare(`SELECT count(*) FROM ${table} WHERE campaign_id = ?`)
      .pluck()
      .get(campaignId) as number;
  return {
    units: count('campaign_units'),
    respondents: count('respondents'),
    invitations: count('invitations'),
    uploads: count('import_uploads'),
  };
}

const deletion = z.object({
  campaignId: campaignIdField,
  confirm: z.literal('yes', { error: reason('admin.closing.confirmRequired') }),
});

const removeDraft = command(deletion, ({ db, actor, now }, { campaignId }) => {
  const campaign = getCampaign(db, campaignId);
  if (campaign.status !== 'draft') throw new AppError('conflict', 'campaigns.deleteOnlyDraft');
  const contents = campaignContents(db, campaignId);
  const uploads = db
    .select({ storedPath: importUploads.storedPath })
    .from(importUploads)
    .where(eq(importUploads.campaignId, campaignId))
    .all();
  // Every table holding campaign rows cascades from campaigns.
  db.delete(campaigns).where(eq(campaigns.id, campaignId)).run();
  recordAudit(db, actor, 'campaign.delete', { campaignId, detail: plainDetail(campaign.name) }, now);
  return { contents, files: uploads.map((u) => uploadFile(db, u.storedPath)) };
});

/**
 * Deletes a campaign that was never opened (a trial, a mistake) with everything in it: units' schedule and
 * quotas, questionnaires, respondents, invitations and uploaded files. Nobody has been mailed and nothing answered
 * yet; an opened campaign is refused: once links are out it is closed and purged instead.
 * The audit log keeps the entry, with the campaign's name.
 */
export const deleteDraftCampaign = afterCommit(removeDraft, (_db, { contents, files }): DraftContents => {
  // The uploaded files go once their rows are gone for good.
  for (const file of files) fs.rmSync(file, { force: true });
  return contents;
});
