// Child of bench/cases/scoring.ts: closeCampaign and getCampaignProgress on the seeded db. argv: <db> <campaign id>.
import { CLI_ACTOR } from '../../../src/audit/actor';
import { closeCampaign, reopenCampaign } from '../../../src/campaigns/close-campaign';
import { getCampaignProgress } from '../../../src/campaigns/progress';
import { openDb } from '../../../src/open-db';
import { reportFromChild } from '../product-child';
import { orThrow } from '../../../src/errors';

export type ScoringRuns = { closeRuns: number[]; progressRuns: number[] };

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

reportFromChild<ScoringRuns>(async () => {
  const db = openDb(process.argv[2] as string);
  const campaignId = Number(process.argv[3]);
  const closeRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0)
      orThrow(reopenCampaign(db, { campaignId: campaignId, reason: 'bench: đo lại' }, CLI_ACTOR, Date.now()));
    closeRuns.push(time(() => orThrow(closeCampaign(db, { campaignId: campaignId }, CLI_ACTOR, Date.now()))));
  }
  const progressRuns = Array.from({ length: 20 }, () => time(() => getCampaignProgress(db, campaignId)));
  db.$client.close();
  return Promise.resolve({ closeRuns, progressRuns });
});
