import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import { newToken } from '../../src/tokens';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

export type SeededSurvey = { db: Db; tokens: string[] };

/**
 * A product database with one open campaign, one unit (deadline in 30 days) and `count` respondents of the
 * officials' form, each with an address and a personal link: what a survey's respondents see.
 */
export function seedSurvey(file: string, count: number): SeededSurvey {
  const db = openDb(file);
  const draft = orThrow(
    createCampaign(db, { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 }, SYSTEM_ACTOR, 0),
  );
  const campaign = orThrow(openCampaign(db, { campaignId: draft.id }, SYSTEM_ACTOR, 0));
  const sqlite = db.$client;
  const unitId = Number(
    sqlite
      .prepare(
        "INSERT INTO units (code, name, \"group\") VALUES ('SNV', 'Sở Nội vụ tỉnh Sóc Trăng', 'so_nganh')",
      )
      .run().lastInsertRowid,
  );
  sqlite
    .prepare('INSERT INTO campaign_units (campaign_id, unit_id, deadline_at) VALUES (?, ?, ?)')
    .run(campaign.id, unitId, Date.now() + 30 * 24 * 3600_000);
  const person = sqlite.prepare('INSERT INTO respondents (campaign_id, email, full_name) VALUES (?, ?, ?)');
  const invite = sqlite.prepare(
    'INSERT INTO invitations (campaign_id, respondent_id, unit_id, form_type, token) VALUES (?, ?, ?, ?, ?)',
  );
  const tokens: string[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = person.run(campaign.id, `nguoi${i}@soctrang.gov.vn`, `Người số ${i}`).lastInsertRowid;
      const token = newToken();
      invite.run(campaign.id, id, unitId, 'cbcc', token);
      tokens.push(token);
    }
  })();
  return { db, tokens };
}
