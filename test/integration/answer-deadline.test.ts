import { eq } from 'drizzle-orm';
import { campaigns } from '../../src/db/schema';
import { resolveToken } from '../../src/invitations/resolve-token';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, sendInvitationsAt } from '../helpers/invitation-fixtures';

const HOUR = 3_600_000;

describe("a unit's answer deadline", () => {
  it('is the earlier of its own deadline and the campaign closing time, for the link and for sending alike', () => {
    const t = createTestDb();
    try {
      const now = Date.now();
      // The unit was given until tomorrow, but the campaign as a whole stopped taking answers an hour ago.
      const { campaign, people } = makeInvitedCampaign(t.db, {
        units: 1,
        perUnit: 2,
        deadlineAt: now + 24 * HOUR,
        now: now - 10 * HOUR,
      });
      t.db
        .update(campaigns)
        .set({ closesAt: now - HOUR })
        .where(eq(campaigns.id, campaign.id))
        .run();

      const token = people[0]!.invitations[0]!.token;
      expect(resolveToken(t.db, token, now)).toEqual({ state: 'past_deadline', deadlineAt: now - HOUR });
      expect(sendInvitationsAt(t.db, { campaignId: campaign.id }, now).queued).toBe(0);

      // Until the closing time, the invitation mail states that earlier moment as its deadline.
      const before = now - 2 * HOUR;
      expect(sendInvitationsAt(t.db, { campaignId: campaign.id }, before).queued).toBe(2);
      const text = t.db.$client
        .prepare("SELECT text_body FROM mail_outbox WHERE kind = 'invitation'")
        .pluck()
        .get();
      const closing = new Date(now - HOUR + 7 * HOUR).toISOString();
      expect(text).toContain(`${closing.slice(11, 16)} ngày ${closing.slice(8, 10)}/${closing.slice(5, 7)}`);
    } finally {
      t.cleanup();
    }
  });
});
