import { eq, inArray } from 'drizzle-orm';
import { orThrow } from '../../src/errors';
import { campaigns, invitations, mailOutbox, respondents, revokedTokens } from '../../src/db/schema';
import { correctAddress } from '../../src/invitations/correct-address';
import { resendInvitation } from '../../src/invitations/resend-invitation';
import { sendDueInvitations } from '../../src/invitations/send-due-invitations';
import { sendDueReminders } from '../../src/invitations/send-due-reminders';
import { CLI_ACTOR, SYSTEM_ACTOR } from '../../src/audit/actor';
import { getCampaignTemplates, updateMailTemplate } from '../../src/campaigns/update-mail-template';
import { t as msg } from '../../src/i18n/messages';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { endOfVnDay, startOfVnDay, vnDay } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeRespondent } from '../helpers/factories';
import {
  linksIn,
  makeInvitedCampaign,
  PUBLIC_URL,
  SUBJECT_2019,
  sendInvitationsAt,
  sendRemindersAt,
} from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';

const DAY = 24 * 60 * 60 * 1000;
type TestDb = ReturnType<typeof createTestDb>;

async function setup(options: Parameters<typeof startTestSmtp>[0] = {}) {
  const t = createTestDb();
  const smtp = await startTestSmtp(options);
  const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir });
  return {
    t,
    smtp,
    mailer,
    deliver: (now?: number) =>
      deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn', now, limit: 1000 }),
    close: async () => {
      mailer.close();
      await smtp.close();
      t.cleanup();
    },
  };
}

const invitationRow = (t: TestDb, id: number) =>
  t.db.select().from(invitations).where(eq(invitations.id, id)).get()!;

describe('reminders', () => {
  it('go only to delivered, unanswered invitations, under "[Nhắc lại] " + the fixed subject, and are counted', async () => {
    const s = await setup();
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 4, dualEvery: 4 });
      sendInvitationsAt(s.t.db, { campaignId: campaign.id });
      await s.deliver();
      const late = makeRespondent(s.t.db, campaign.id, people[0]!.invitations[0]!.unitId, {
        email: 'moi@don-vi.vn',
      });
      const answered = people[1]!.invitations[0]!;
      s.t.db
        .update(invitations)
        .set({ answeredDay: vnDay(Date.now()) })
        .where(eq(invitations.id, answered.id))
        .run();
      const dual = people[3]!;
      s.t.db
        .update(invitations)
        .set({ answeredDay: vnDay(Date.now()) })
        .where(eq(invitations.id, dual.invitations[0]!.id))
        .run();
      s.smtp.received.length = 0;

      const { queued } = sendRemindersAt(s.t.db, { campaignId: campaign.id });
      expect(queued).toBe(3);
      await s.deliver();
      expect(s.smtp.received).toHaveLength(3);
      for (const m of s.smtp.received) expect(m.subject).toBe(`[Nhắc lại] ${SUBJECT_2019}`);
      const remindedTokens = s.smtp.received.map((m) => linksIn(m.text)[0]);
      expect(remindedTokens).not.toContain(answered.token);
      expect(remindedTokens).not.toContain(dual.invitations[0]!.token);
      expect(remindedTokens).toContain(dual.invitations[1]!.token);
      expect(s.smtp.received.map((m) => m.envelopeTo[0])).not.toContain(late.person.email);
      const row = invitationRow(s.t, people[0]!.invitations[0]!.id);
      expect(row.reminderCount).toBe(1);
      expect(row.remindedAt).not.toBeNull();
      expect(invitationRow(s.t, answered.id).reminderCount).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('are sent automatically once, N days before the unit deadline', async () => {
    const s = await setup();
    try {
      const deadline = Date.parse('2019-12-04T10:00:00Z');
      const { campaign } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 3, deadlineAt: deadline });
      s.t.db.update(campaigns).set({ reminderDaysBefore: 3 }).where(eq(campaigns.id, campaign.id)).run();
      const sentAt = deadline - 10 * DAY;
      sendInvitationsAt(s.t.db, { campaignId: campaign.id }, sentAt);
      await s.deliver(sentAt);
      expect(
        orThrow(sendDueReminders(s.t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, deadline - 3 * DAY - 1)),
      ).toBe(0);
      expect(
        orThrow(sendDueReminders(s.t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, deadline - 3 * DAY)),
      ).toBe(3);
      expect(orThrow(sendDueReminders(s.t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, deadline - DAY))).toBe(
        0,
      );
      expect(orThrow(sendDueReminders(s.t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, deadline + 1))).toBe(
        0,
      );
      await s.deliver(deadline - 3 * DAY);
      expect(s.smtp.received.filter((m) => m.subject!.startsWith('[Nhắc lại] '))).toHaveLength(3);
    } finally {
      await s.close();
    }
  });
});

describe('scheduled sending', () => {
  it('queues a unit’s invitations on its sending day in Vietnam time, not before', () => {
    const t = createTestDb();
    try {
      const { campaign } = makeInvitedCampaign(t.db, {
        units: 2,
        perUnit: 3,
        sendOn: '2019-11-20',
        now: startOfVnDay('2019-11-01'),
      });
      const dayStart = startOfVnDay('2019-11-20');
      expect(new Date(dayStart).toISOString()).toBe('2019-11-19T17:00:00.000Z');
      expect(orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, dayStart - 1))).toBe(
        0,
      );
      expect(t.db.select().from(mailOutbox).all()).toHaveLength(0);
      expect(orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, dayStart))).toBe(6);
      expect(
        orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, dayStart + 1000)),
      ).toBe(0);
      const statuses = t.db.select({ s: invitations.deliveryStatus }).from(invitations).all();
      expect(statuses.every((r) => r.s === 'queued')).toBe(true);
      const outbox = t.db.select().from(mailOutbox).all();
      expect(outbox.every((m) => m.subject === SUBJECT_2019 && m.campaignId === campaign.id)).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  it('never mails a link that is already dead: a unit past its deadline gets no invitation, scheduled or manual', () => {
    const t = createTestDb();
    try {
      const { campaign } = makeInvitedCampaign(t.db, {
        units: 1,
        perUnit: 2,
        sendOn: '2019-11-20',
        deadlineAt: endOfVnDay('2019-11-25'),
        now: startOfVnDay('2019-11-01'),
      });
      const afterDeadline = startOfVnDay('2019-11-26');
      expect(orThrow(sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, afterDeadline))).toBe(
        0,
      );
      expect(sendInvitationsAt(t.db, { campaignId: campaign.id }, afterDeadline).queued).toBe(0);
      expect(t.db.select().from(mailOutbox).all()).toHaveLength(0);
      const statuses = t.db.select({ s: invitations.deliveryStatus }).from(invitations).all();
      expect(statuses.every((r) => r.s === 'not_sent')).toBe(true);
      expect(
        orThrow(
          sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, startOfVnDay('2019-11-25')),
        ),
      ).toBe(2);
    } finally {
      t.cleanup();
    }
  });

  it('leaves a draft campaign alone even when the day has come', () => {
    const t = createTestDb();
    try {
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2, sendOn: '2019-11-20' });
      t.db.update(campaigns).set({ status: 'draft' }).where(eq(campaigns.id, campaign.id)).run();
      expect(
        orThrow(
          sendDueInvitations(t.db, { publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, startOfVnDay('2019-11-21')),
        ),
      ).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});

describe('correcting an address and resending', () => {
  it('revokes the old links, gives new ones and delivers to the new address', async () => {
    const s = await setup({ rejectRecipients: ['sai@don-vi.vn'] });
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 2 });
      const wrong = makeRespondent(s.t.db, campaign.id, people[0]!.invitations[0]!.unitId, {
        email: 'sai@don-vi.vn',
        fullName: 'Trần Thị B',
        formTypes: ['cbcc', 'hdnd'],
      });
      sendInvitationsAt(s.t.db, { campaignId: campaign.id });
      await s.deliver();
      const first = wrong.invitations[0]!;
      expect(invitationRow(s.t, first.id).deliveryStatus).toBe('bounced');
      expect(invitationRow(s.t, first.id).deliveryDetail).toMatch(/550/);

      expect(() =>
        orThrow(
          correctAddress(
            s.t.db,
            { invitationId: first.id, email: 'khong-hop-le', scope: 'all', publicUrl: PUBLIC_URL },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ),
      ).toThrow(/không hợp lệ/);
      expect(() =>
        orThrow(
          correctAddress(
            s.t.db,
            {
              invitationId: first.id,
              email: ` ${people[0]!.person.email} `,
              scope: 'all',
              publicUrl: PUBLIC_URL,
            },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ),
      ).toThrow(/đã thuộc về một người khác/);

      s.smtp.received.length = 0;
      const fixed = orThrow(
        correctAddress(
          s.t.db,
          { invitationId: first.id, email: ' Dung@Don-Vi.vn ', scope: 'all', publicUrl: PUBLIC_URL },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      expect(fixed).toEqual({ changed: true, queued: 2, keptElsewhere: 0 });
      const person = s.t.db.select().from(respondents).where(eq(respondents.id, wrong.person.id)).get()!;
      expect(person.email).toBe('dung@don-vi.vn');
      const oldTokens = wrong.invitations.map((i) => i.token).sort();
      const revoked = s.t.db
        .select()
        .from(revokedTokens)
        .where(
          inArray(
            revokedTokens.invitationId,
            wrong.invitations.map((i) => i.id),
          ),
        )
        .all();
      expect(revoked.map((r) => r.token).sort()).toEqual(oldTokens);

      await s.deliver();
      expect(s.smtp.received).toHaveLength(2);
      const newTokens = wrong.invitations.map((i) => invitationRow(s.t, i.id).token).sort();
      for (const m of s.smtp.received) {
        expect(m.envelopeTo).toEqual(['dung@don-vi.vn']);
        const links = linksIn(m.text);
        expect([...links].sort()).toEqual(newTokens);
        for (const old of oldTokens) expect(links).not.toContain(old);
      }
      expect(invitationRow(s.t, first.id).deliveryStatus).toBe('sent');
    } finally {
      await s.close();
    }
  });

  it('refuses an invitation outside the units the actor holds, changing nothing', () => {
    const t = createTestDb();
    try {
      const { people } = makeInvitedCampaign(t.db, { units: 2, perUnit: 1 });
      const [first, second] = people.map((p) => p.invitations[0]!);
      const fix = { invitationId: first!.id, email: 'moi@don-vi.vn', scope: [second!.unitId] };
      expect(() =>
        orThrow(correctAddress(t.db, { ...fix, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, Date.now())),
      ).toThrow('Không tìm thấy thư mời');
      expect(invitationRow(t, first!.id).token).toBe(first!.token);
      expect(
        t.db
          .select()
          .from(respondents)
          .all()
          .map((r) => r.email),
      ).toEqual(['p1-1@don-vi.vn', 'p2-1@don-vi.vn']);
    } finally {
      t.cleanup();
    }
  });

  it('mails nobody early when the person had not been mailed yet: the unit’s sending reaches the new address', async () => {
    const s = await setup();
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 2 });
      // Still a draft: lists are checked and fixed before the campaign opens.
      s.t.db.update(campaigns).set({ status: 'draft' }).where(eq(campaigns.id, campaign.id)).run();
      const target = people[0]!.invitations[0]!;
      expect(
        orThrow(
          correctAddress(
            s.t.db,
            { invitationId: target.id, email: 'dung.dia.chi@don-vi.vn', scope: 'all', publicUrl: PUBLIC_URL },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ),
      ).toEqual({
        changed: true,
        queued: 0,
        keptElsewhere: 0,
      });
      expect(s.t.db.select().from(mailOutbox).all()).toHaveLength(0);
      expect(invitationRow(s.t, target.id).deliveryStatus).toBe('not_sent');

      s.t.db.update(campaigns).set({ status: 'open' }).where(eq(campaigns.id, campaign.id)).run();
      expect(sendInvitationsAt(s.t.db, { campaignId: campaign.id }).queued).toBe(2);
      await s.deliver();
      const toTarget = s.smtp.received.filter((m) => m.envelopeTo[0] === 'dung.dia.chi@don-vi.vn');
      expect(toTarget).toHaveLength(1);
      expect(linksIn(toTarget[0]!.text)).toEqual([invitationRow(s.t, target.id).token]);

      s.t.db.update(campaigns).set({ status: 'closed' }).where(eq(campaigns.id, campaign.id)).run();
      expect(() =>
        orThrow(
          correctAddress(
            s.t.db,
            { invitationId: target.id, email: 'khac@don-vi.vn', scope: 'all', publicUrl: PUBLIC_URL },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ),
      ).toThrow('Đợt khảo sát đã chốt số phiếu');
    } finally {
      await s.close();
    }
  });

  it('keeps an answered form’s link and refuses to resend an answered invitation', async () => {
    const s = await setup();
    try {
      const { campaign, people } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 2, dualEvery: 2 });
      sendInvitationsAt(s.t.db, { campaignId: campaign.id });
      const [answered, open] = people[1]!.invitations;
      s.t.db
        .update(invitations)
        .set({ answeredDay: vnDay(Date.now()) })
        .where(eq(invitations.id, answered!.id))
        .run();
      expect(() =>
        orThrow(
          resendInvitation(
            s.t.db,
            { invitationId: answered!.id, publicUrl: PUBLIC_URL },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ),
      ).toThrow(/đã trả lời/);

      orThrow(
        correctAddress(
          s.t.db,
          { invitationId: open!.id, email: 'moi@don-vi.vn', scope: 'all', publicUrl: PUBLIC_URL },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      expect(invitationRow(s.t, answered!.id).token).toBe(answered!.token);
      expect(invitationRow(s.t, open!.id).token).not.toBe(open!.token);

      // The plain resend keeps the link and replaces the message still waiting, so only one goes out.
      expect(
        orThrow(
          resendInvitation(
            s.t.db,
            { invitationId: open!.id, publicUrl: PUBLIC_URL },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        ).queued,
      ).toBe(1);
      await s.deliver();
      const toNew = s.smtp.received.filter((m) => m.envelopeTo[0] === 'moi@don-vi.vn');
      expect(toNew).toHaveLength(1);
      expect(linksIn(toNew[0]!.text)[0]).toBe(invitationRow(s.t, open!.id).token);
    } finally {
      await s.close();
    }
  });
});

describe('campaign mail templates', () => {
  it('refuse a template that does not check out and use a valid one for the next invitations', async () => {
    const s = await setup();
    try {
      const { campaign } = makeInvitedCampaign(s.t.db, { units: 1, perUnit: 1 });
      const save = (body: string) =>
        updateMailTemplate(
          s.t.db,
          { campaignId: campaign.id, kind: 'invitation', body },
          CLI_ACTOR,
          Date.now(),
        );
      const refused = save('Kính gửi {khong_co}: {duong_dan}');
      expect(refused).toMatchObject({ ok: false, code: 'invalid_input' });
      const problems = refused.ok
        ? []
        : Object.values(refused.fields ?? {}).map((m) => msg(m!.key, m!.params));
      expect(problems).toEqual(['Dòng 1: không có trường {khong_co} (xem danh sách các trường dùng được).']);
      expect(save('Kính gửi {ho_ten}, không có đường dẫn')).toMatchObject({ ok: false });
      expect(getCampaignTemplates(s.t.db, campaign.id).invitation.overridden).toBe(false);
      expect(save('Mời {ho_ten}: {duong_dan}')).toEqual({ ok: true, value: { changed: true } });
      const effective = getCampaignTemplates(s.t.db, campaign.id);
      expect(effective.invitation.overridden).toBe(true);
      expect(effective.reminder.overridden).toBe(false);
      expect(effective.reminder.body).toContain('{duong_dan}');

      sendInvitationsAt(s.t.db, { campaignId: campaign.id });
      await s.deliver();
      expect(s.smtp.received[0]!.subject).toBe(SUBJECT_2019);
      expect(s.smtp.received[0]!.text).toMatch(/^Mời Người 1\.1: http:\/\/127\.0\.0\.1:3000\/s\//);
    } finally {
      await s.close();
    }
  });
});
