import { eq } from 'drizzle-orm';
import { CLI_ACTOR } from '../../src/audit/actor';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { auditLog, campaigns, invitations, mailOutbox, respondents } from '../../src/db/schema';
import { orThrow } from '../../src/errors';
import { enqueueMail } from '../../src/mail/outbox';
import { purgeCampaignDirectory } from '../../src/respondents/purge-directory';
import { countResponses } from '../../src/responses/read-responses';
import { storeResponse } from '../../src/responses/store-response';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';

describe('purging a campaign directory', () => {
  it('is refused while the campaign is not closed', () => {
    const t = createTestDb();
    try {
      const campaign = makeCampaign(t.db);
      const input = { campaignId: campaign.id, confirm: 'yes', mailDir: t.dir } as const;
      expect(purgeCampaignDirectory(t.db, input, CLI_ACTOR, Date.now())).toMatchObject({
        ok: false,
        code: 'conflict',
        message: { key: 'campaigns.purgeNeedsClosed' },
      });
    } finally {
      t.cleanup();
    }
  });

  it('erases names, emails, links and sent mails but keeps counts and responses', () => {
    const t = createTestDb();
    try {
      const campaign = makeCampaign(t.db);
      const unit = makeUnit(t.db, campaign.id, { code: 'STP', quotas: { cbcc: 2 } });
      const {
        invitations: [invite],
      } = makeRespondent(t.db, campaign.id, unit.id, {
        email: 'nguyen.van.an@stp.gov.vn',
        fullName: 'Nguyễn Văn An',
      });
      makeRespondent(t.db, campaign.id, unit.id, {
        email: 'tran.thi.binh@stp.gov.vn',
        fullName: 'Trần Thị Bình',
      });
      t.db
        .update(invitations)
        .set({ deliveryStatus: 'sent', answeredDay: '1970-01-01' })
        .where(eq(invitations.id, invite!.id))
        .run();
      storeResponse(
        t.db,
        { campaignId: campaign.id, unitId: unit.id, formType: 'cbcc', definitionVersion: 1, answers: [] },
        5,
      );
      enqueueMail(t.db, {
        kind: 'invitation',
        to: 'nguyen.van.an@stp.gov.vn',
        subject: 's',
        html: 'h',
        text: 't',
        campaignId: campaign.id,
      });
      t.db
        .update(campaigns)
        .set({ status: 'closed', closedAt: 10 })
        .where(eq(campaigns.id, campaign.id))
        .run();
      const before = getCampaignProgress(t.db, campaign.id);

      const input = { campaignId: campaign.id, confirm: 'yes', mailDir: t.dir } as const;
      const result = orThrow(purgeCampaignDirectory(t.db, input, CLI_ACTOR, 20));

      expect(result).toMatchObject({ respondents: 2, mails: 1 });
      const dump =
        JSON.stringify(t.db.select().from(respondents).all()) +
        JSON.stringify(t.db.select().from(mailOutbox).all());
      expect(dump).not.toMatch(/nguyen\.van\.an|Nguyễn Văn An|tran\.thi\.binh|Trần Thị Bình/);
      expect(t.db.select().from(invitations).where(eq(invitations.token, invite!.token)).all()).toHaveLength(
        0,
      );
      expect(getCampaignProgress(t.db, campaign.id)).toEqual(before);
      expect(countResponses(t.db, campaign.id)).toBe(1);
      expect(
        t.db
          .select()
          .from(auditLog)
          .all()
          .map((a) => a.action),
      ).toContain('campaign.purge_directory');
    } finally {
      t.cleanup();
    }
  });
});
