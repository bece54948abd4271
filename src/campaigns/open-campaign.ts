import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command } from '../command';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { campaignIdField, getCampaign } from './campaigns';

/**
 * Opens a draft campaign for answers (its start time becomes now unless one was set), which sets the scheduled
 * sending off; a closed campaign is refused (that is an audited reopen). Audited.
 */
export const openCampaign = command(
  z.object({ campaignId: campaignIdField }),
  ({ db, actor, now }, input) => {
    const current = getCampaign(db, input.campaignId);
    if (current.status === 'closed') throw new AppError('campaign_closed', 'campaigns.alreadyClosed');
    const campaign = db
      .update(campaigns)
      .set({ status: 'open', opensAt: current.opensAt ?? now })
      .where(eq(campaigns.id, current.id))
      .returning()
      .get();
    recordAudit(
      db,
      actor,
      'campaign.open',
      { campaignId: campaign.id, detail: plainDetail(campaign.name) },
      now,
    );
    return campaign;
  },
);
