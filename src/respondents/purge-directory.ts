import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { campaignIdField, getCampaign } from '../campaigns/campaigns';
import { afterCommit, command, reason } from '../command';
import { forgetInterviewers } from '../interviews/slots';
import { importUploads, mailOutbox } from '../db/schema';
import { AppError } from '../errors';
import { uploadFile } from '../imports/upload-files';
import { emlFileIn } from '../mail/eml-files';
import { dropThankYous } from '../mail/thank-you-slots';

export type PurgeResult = { respondents: number; mails: number; files: number };

const purge = z.object({
  campaignId: campaignIdField,
  confirm: z.literal('yes', { error: reason('admin.closing.confirmRequired') }),
  /** MAIL_DIR: the only folder whose .eml files the purge removes. */
  mailDir: z.string().min(1),
});

const eraseFromTables = command(purge, ({ db, actor, now }, { campaignId, mailDir }) => {
  if (getCampaign(db, campaignId).status !== 'closed') {
    throw new AppError('conflict', 'campaigns.purgeNeedsClosed');
  }
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
  const thanks = dropThankYous(db, campaignId);
  const uploads = db
    .delete(importUploads)
    .where(eq(importUploads.campaignId, campaignId))
    .returning({ storedPath: importUploads.storedPath })
    .all();
  forgetInterviewers(db, campaignId);
  recordAudit(
    db,
    actor,
    'campaign.purge_directory',
    { campaignId, detail: { key: 'admin.audit.purgeText', params: { count: people } } },
    now,
  );
  return {
    respondents: people,
    mails: mails.length + thanks,
    files: [
      ...mails.flatMap((m) => (m.emlPath ? (emlFileIn(mailDir, m.emlPath) ?? []) : [])),
      ...uploads.map((u) => uploadFile(db, u.storedPath)),
    ],
  };
});

/**
 * Erases a closed campaign's personal data (Luật 91/2025/QH15): names, emails, links, mails sent or waiting
 * (with their .eml files inside mailDir, never a file elsewhere) and uploaded lists, from the tables and from the file
 * (docs/DOMAIN.md § Anonymity and personal data). Invitation rows stay, stripped, so counts per unit remain;
 * responses and scores are anonymous and stay. Refused unless the campaign is closed and the erasure confirmed.
 */
export const purgeCampaignDirectory = afterCommit(eraseFromTables, (db, erased): PurgeResult => {
  // Rewrites the whole file: secure_delete zeroes what SQLite deletes, but a page it rebuilds while rebalancing
  // keeps older copies of the records it moved in its free space, names and addresses included.
  db.$client.exec('VACUUM');
  let removed = 0;
  for (const file of erased.files) {
    try {
      fs.rmSync(file, { force: true });
      removed++;
    } catch {
      // A file already gone is what we wanted anyway.
    }
  }
  return { respondents: erased.respondents, mails: erased.mails, files: removed };
});
