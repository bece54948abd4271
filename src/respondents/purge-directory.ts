import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { type Actor } from '../audit/actor';
import { getCampaign } from '../campaigns/campaigns';
import { inTransaction, type Db } from '../db/client';
import { importUploads, mailOutbox } from '../db/schema';
import { AppError } from '../errors';
import { uploadFile } from '../imports/upload-files';
import { emlFileIn } from '../mail/eml-files';

export type PurgeResult = { respondents: number; mails: number; files: number };

/**
 * Erases a closed campaign's personal data (Luật 91/2025/QH15): names, emails, links, sent mails (with their
 * .eml files inside mailDir, never a file elsewhere) and uploaded lists, from the tables and from the file (docs/DOMAIN.md § Anonymity and personal data). Invitation rows stay,
 * stripped, so counts per unit remain; responses and scores are anonymous and stay.
 */
export function purgeCampaignDirectory(
  db: Db,
  { campaignId, mailDir }: { campaignId: number; mailDir: string },
  actor: Actor,
  now: number,
): PurgeResult {
  const campaign = getCampaign(db, campaignId);
  if (campaign.status !== 'closed') {
    throw new AppError('conflict', 'campaigns.purgeNeedsClosed');
  }
  const files: string[] = [];
  const result = inTransaction(db, () => {
    const sqlite = db.$client;
    const people = sqlite
      .prepare(
        `update respondents set email = 'da-xoa-' || id || '@invalid', full_name = '', updated_at = ?
         where campaign_id = ?`,
      )
      .run(now, campaignId).changes;
    // Random tokens nobody holds and no link can match: old links now answer "unknown".
    sqlite
      .prepare(
        `update invitations set token = 'x' || lower(hex(randomblob(16))), delivery_detail = null where campaign_id = ?`,
      )
      .run(campaignId);
    sqlite
      .prepare(
        'delete from revoked_tokens where invitation_id in (select id from invitations where campaign_id = ?)',
      )
      .run(campaignId);
    const mails = db
      .delete(mailOutbox)
      .where(eq(mailOutbox.campaignId, campaignId))
      .returning({ emlPath: mailOutbox.emlPath })
      .all();
    files.push(...mails.flatMap((m) => (m.emlPath ? (emlFileIn(mailDir, m.emlPath) ?? []) : [])));
    const uploads = db
      .delete(importUploads)
      .where(eq(importUploads.campaignId, campaignId))
      .returning({ storedPath: importUploads.storedPath })
      .all();
    files.push(...uploads.map((u) => uploadFile(db, u.storedPath)));
    recordAudit(db, actor, 'campaign.purge_directory', { campaignId, text: `${people} người` }, now);
    return { respondents: people, mails: mails.length };
  });
  // Rewrites the whole file: secure_delete zeroes what SQLite deletes, but a page it rebuilds while rebalancing
  // keeps older copies of the records it moved in its free space, names and addresses included.
  db.$client.exec('VACUUM');
  let removed = 0;
  for (const file of files) {
    try {
      fs.rmSync(file, { force: true });
      removed++;
    } catch {
      // A file already gone is what we wanted anyway.
    }
  }
  return { ...result, files: removed };
}
