import { eq } from 'drizzle-orm';
import { closeCampaign, reopenCampaign } from '../../src/campaigns/close-campaign';
import { campaigns, campaignUnits, invitations, mailOutbox } from '../../src/db/schema';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, sendInvitationsAt, sendRemindersAt } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { vnDay } from '../../src/time';

async function setup() {
  const t = createTestDb();
  const smtp = await startTestSmtp();
  const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir });
  return {
    t,
    smtp,
    deliver: () => deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn', limit: 1000 }),
    close: async () => {
      mailer.close();
      await smtp.close();
      t.cleanup();
    },
  };
}

describe('mail queued for a link that can no longer be answered', () => {
  it('is withdrawn, not delivered, once the campaign is closed; a reopen and a new send deliver it', async () => {
    const s = await setup();
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 3 });
      // Queued while the SMTP relay was down (or before the worker's turn), then the admin closes.
      expect(sendInvitationsAt(s.t.db, { campaignId: campaign.id }).queued).toBe(3);
      orThrow(closeCampaign(s.t.db, { campaignId: campaign.id }, SYSTEM_ACTOR, Date.now()));

      expect(await s.deliver()).toEqual({ sent: 0, retried: 0, bounced: 0, dropped: 3 });
      expect(s.smtp.received).toHaveLength(0);
      expect(s.t.db.select().from(mailOutbox).all()).toHaveLength(0);
      const statuses = s.t.db.select({ status: invitations.deliveryStatus }).from(invitations).all();
      expect(statuses.map((r) => r.status)).toEqual(['not_sent', 'not_sent', 'not_sent']);

      orThrow(
        reopenCampaign(
          s.t.db,
          { campaignId: campaign.id, reason: 'Gia hạn theo chỉ đạo' },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      expect(sendInvitationsAt(s.t.db, { campaignId: campaign.id }).queued).toBe(3);
      expect(await s.deliver()).toMatchObject({ sent: 3, dropped: 0 });
      expect(s.smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(
        people.map((p) => p.person.email).sort(),
      );
    } finally {
      await s.close();
    }
  });

  it('is withdrawn once the unit deadline has passed, and a reminder once the person has answered', async () => {
    const s = await setup();
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 2 });
      sendInvitationsAt(s.t.db, { campaignId: campaign.id });
      expect(await s.deliver()).toMatchObject({ sent: 2 });
      s.smtp.received.length = 0;

      expect(sendRemindersAt(s.t.db, { campaignId: campaign.id }).queued).toBe(2);
      const [first] = people[0]!.invitations;
      s.t.db
        .update(invitations)
        .set({ answeredDay: vnDay(Date.now()) })
        .where(eq(invitations.id, first!.id))
        .run();
      expect(await s.deliver()).toEqual({ sent: 1, retried: 0, bounced: 0, dropped: 1 });
      expect(s.smtp.received.map((m) => m.envelopeTo[0])).toEqual([people[1]!.person.email]);
      // The answered person's invitation still shows as sent: only the reminder was withdrawn.
      expect(
        s.t.db.select().from(invitations).where(eq(invitations.id, first!.id)).get()!.deliveryStatus,
      ).toBe('sent');

      s.smtp.received.length = 0;
      expect(sendRemindersAt(s.t.db, { campaignId: campaign.id }).queued).toBe(1);
      s.t.db
        .update(campaignUnits)
        .set({ deadlineAt: Date.now() - 1000 })
        .where(eq(campaignUnits.campaignId, campaign.id))
        .run();
      expect(await s.deliver()).toMatchObject({ sent: 0, dropped: 1 });
      expect(s.smtp.received).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it('is withdrawn once the campaign closing time has passed, even before a later unit deadline', async () => {
    const s = await setup();
    try {
      const { campaign } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 2 });
      s.t.db
        .update(campaignUnits)
        .set({ deadlineAt: Date.now() + 86_400_000 })
        .where(eq(campaignUnits.campaignId, campaign.id))
        .run();
      expect(sendInvitationsAt(s.t.db, { campaignId: campaign.id }).queued).toBe(2);
      s.t.db
        .update(campaigns)
        .set({ closesAt: Date.now() - 1000 })
        .where(eq(campaigns.id, campaign.id))
        .run();
      expect(await s.deliver()).toMatchObject({ sent: 0, dropped: 2 });
      expect(s.smtp.received).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});
