import { eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { planOpen } from '../../src/campaigns/plan-open';
import { campaigns, campaignUnits, invitations } from '../../src/db/schema';
import { correctAddress } from '../../src/invitations/correct-address';
import { resendInvitation } from '../../src/invitations/resend-invitation';
import { sendDueInvitations } from '../../src/invitations/send-due-invitations';
import { sendDueReminders } from '../../src/invitations/send-due-reminders';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { vnDay } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, PUBLIC_URL, sendInvitationsAt } from '../helpers/invitation-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

const statusOf = (id: number) =>
  t.db.select({ s: invitations.deliveryStatus }).from(invitations).where(eq(invitations.id, id)).get()!.s;
const setCampaign = (id: number, values: Partial<typeof campaigns.$inferInsert>) =>
  t.db.update(campaigns).set(values).where(eq(campaigns.id, id)).run();

describe('mail timed against when links take answers', () => {
  it('refuses a resend or an address fix past the deadline, and a withdrawn resend leaves "sent" as it was', async () => {
    const now = Date.now();
    const { campaign, people } = makeInvitedCampaign(t.db, {
      units: 1,
      perUnit: 2,
      deadlineAt: now + DAY,
      now: now - DAY,
    });
    sendInvitationsAt(t.db, { campaignId: campaign.id }, now);
    const mailer = createMailer({ mailDir: t.dir });
    await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.vn' });
    const [first, second] = [people[0]!.invitations[0]!, people[1]!.invitations[0]!];

    // A resend queued just before the deadline, still waiting when it passes: withdrawn, still "sent".
    orThrow(resendInvitation(t.db, { invitationId: first.id, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now));
    t.db
      .update(campaignUnits)
      .set({ deadlineAt: now - HOUR })
      .where(eq(campaignUnits.campaignId, campaign.id))
      .run();
    expect(await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.vn' })).toMatchObject({
      sent: 0,
      dropped: 1,
    });
    expect(statusOf(first.id)).toBe('sent');

    expect(() =>
      orThrow(resendInvitation(t.db, { invitationId: second.id, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now)),
    ).toThrow('Đơn vị đã quá hạn trả lời');
    expect(() =>
      orThrow(
        correctAddress(
          t.db,
          { invitationId: second.id, email: 'moi@don-vi.vn', scope: 'all', publicUrl: PUBLIC_URL },
          SYSTEM_ACTOR,
          now,
        ),
      ),
    ).toThrow('Đơn vị đã quá hạn trả lời');
    expect(statusOf(second.id)).toBe('sent');
  });

  it('reminds before the campaign closing time when the unit has no deadline of its own', () => {
    const now = Date.now();
    const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2, now: now - DAY });
    setCampaign(campaign.id, { closesAt: now + DAY, reminderDaysBefore: 3 });
    t.db
      .update(invitations)
      .set({ deliveryStatus: 'sent', sentAt: now - DAY })
      .run();
    expect(orThrow(sendDueReminders(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now))).toBe(2);
  });

  it('mails no scheduled invitation before the campaign starts taking answers, and the open page says so', () => {
    const now = Date.now();
    const startsAt = now + 2 * DAY;
    const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2, sendOn: vnDay(now - DAY) });
    setCampaign(campaign.id, { status: 'draft', opensAt: startsAt });
    expect(planOpen(t.db, campaign.id, now)).toMatchObject({
      startsAt,
      sendNow: { mails: 0 },
      later: { mails: 2, firstDay: vnDay(startsAt) },
    });

    setCampaign(campaign.id, { status: 'open' });
    expect(orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now))).toBe(0);
    expect(orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, startsAt))).toBe(2);
  });
});
