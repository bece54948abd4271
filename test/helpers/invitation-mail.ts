import type { Config } from '../../src/config';
import type { Db } from '../../src/db/client';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import type { Mailer } from '../../src/mail/transport';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

/**
 * Mails the invitation of each token (open campaign) with the product's own sendInvitations and delivers it, so
 * a respondent test starts from a mail the product itself sent.
 */
export async function mailInvitations(
  db: Db,
  mailer: Mailer,
  config: Config,
  tokens: string[],
): Promise<void> {
  const find = db.$client.prepare('SELECT id, campaign_id AS campaignId FROM invitations WHERE token = ?');
  const byCampaign = new Map<number, number[]>();
  for (const token of tokens) {
    const row = find.get(token) as { id: number; campaignId: number } | undefined;
    if (!row) throw new Error(`no invitation for token ${token.slice(0, 4)}…`);
    byCampaign.set(row.campaignId, [...(byCampaign.get(row.campaignId) ?? []), row.id]);
  }
  const now = Date.now();
  for (const [campaignId, invitationIds] of byCampaign) {
    const { queued } = orThrow(
      sendInvitations(db, { campaignId, invitationIds, publicUrl: config.PUBLIC_URL }, SYSTEM_ACTOR, now),
    );
    if (queued !== invitationIds.length)
      throw new Error(`queued ${queued} of ${invitationIds.length} invitations`);
  }
  await deliverDueMail(db, mailer, { from: config.MAIL_FROM, now });
}
