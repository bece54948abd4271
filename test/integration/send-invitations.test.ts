import { eq } from 'drizzle-orm';
import { campaigns, invitations, mailOutbox } from '../../src/db/schema';
import { getBatchProgress } from '../../src/mail/outbox-queries';
import { startMailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import {
  linksIn,
  makeInvitedCampaign,
  SUBJECT_2019,
  sendInvitationsAt,
} from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { waitUntil } from '../helpers/wait';

function deliver(db: ReturnType<typeof createTestDb>['db'], smtpUrl: string, dir: string) {
  const mailer = createMailer({ smtpUrl, mailDir: dir, poolSize: 5 });
  const worker = startMailDelivery({
    db,
    mailer,
    from: 'Sở Nội vụ <khaosat@snv.example.vn>',
    concurrency: 5,
    ratePerMinute: 1_000_000,
    clock: Date.now,
    tickMs: 50,
  });
  return {
    stop: async () => {
      await worker.stop();
      mailer.close();
    },
  };
}

describe('sending a campaign’s invitations over real SMTP', () => {
  it('mails one message per person per form type under the fixed subject, each with its own link, dual-group people linked both ways', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp();
    const { campaign, people } = makeInvitedCampaign(t.db, { units: 6, perUnit: 50, dualEvery: 7 });
    const worker = deliver(t.db, smtp.url, t.dir);
    try {
      const expected = people.reduce((n, p) => n + p.invitations.length, 0);
      expect(expected).toBeGreaterThan(300);
      const { batchId, queued } = sendInvitationsAt(t.db, { campaignId: campaign.id });
      expect(queued).toBe(expected);
      await smtp.waitFor(expected, 30_000);
      await waitUntil(() => getBatchProgress(t.db, batchId).sent === expected);
      expect(smtp.received).toHaveLength(expected);
      expect(getBatchProgress(t.db, batchId)).toMatchObject({ total: expected, sent: expected, queued: 0 });

      const tokenOf = new Map(
        t.db
          .select()
          .from(invitations)
          .all()
          .map((i) => [i.token, i]),
      );
      const primaryLinks = new Set<string>();
      const byAddress = new Map<string, string[][]>();
      for (const mail of smtp.received) {
        expect(mail.subject).toBe(SUBJECT_2019);
        expect(mail.envelopeTo).toHaveLength(1);
        const links = linksIn(mail.text);
        expect(links.length).toBeGreaterThanOrEqual(1);
        for (const token of links) expect(tokenOf.has(token)).toBe(true);
        expect(primaryLinks.has(links[0]!)).toBe(false);
        primaryLinks.add(links[0]!);
        expect(linksIn(mail.html)).toContain(links[0]);
        expect(mail.text).toContain('sử dụng địa chỉ thư điện tử này');
        byAddress.set(mail.envelopeTo[0]!, [...(byAddress.get(mail.envelopeTo[0]!) ?? []), links]);
      }
      expect(primaryLinks.size).toBe(expected);

      for (const p of people) {
        const mails = byAddress.get(p.person.email)!;
        expect(mails).toHaveLength(p.invitations.length);
        const mine = p.invitations.map((i) => i.token).sort();
        expect(mails.map((links) => links[0]).sort()).toEqual(mine);
        if (p.invitations.length === 2) {
          for (const links of mails) expect([...links].sort()).toEqual(mine);
        } else {
          expect(mails[0]).toHaveLength(1);
        }
        const text = smtp.received.find((m) => m.envelopeTo[0] === p.person.email)!.text!;
        expect(text).toContain(p.person.fullName);
      }
      const statuses = t.db.select({ s: invitations.deliveryStatus }).from(invitations).all();
      expect(statuses.every((r) => r.s === 'sent')).toBe(true);

      // Sending again queues nothing: every invitation has gone out once.
      expect(sendInvitationsAt(t.db, { campaignId: campaign.id }).queued).toBe(0);
    } finally {
      await worker.stop();
      await smtp.close();
      t.cleanup();
    }
  });

  it('bounces the one recipient the server refuses with its reason and delivers all others', async () => {
    const t = createTestDb();
    const smtp = await startTestSmtp({ rejectRecipients: ['p1-3@don-vi.vn'] });
    const { campaign, people } = makeInvitedCampaign(t.db, { units: 2, perUnit: 10 });
    const worker = deliver(t.db, smtp.url, t.dir);
    try {
      const { batchId } = sendInvitationsAt(t.db, { campaignId: campaign.id });
      await waitUntil(
        () => getBatchProgress(t.db, batchId).sent + getBatchProgress(t.db, batchId).bounced === 20,
      );
      expect(getBatchProgress(t.db, batchId)).toMatchObject({ total: 20, sent: 19, bounced: 1 });
      const refused = people.find((p) => p.person.email === 'p1-3@don-vi.vn')!.invitations[0]!;
      const row = t.db.select().from(invitations).where(eq(invitations.id, refused.id)).get()!;
      expect(row.deliveryStatus).toBe('bounced');
      expect(row.deliveryDetail).toMatch(/550 5\.1\.1 Mailbox unavailable/);
      expect(smtp.received.map((m) => m.envelopeTo[0])).not.toContain('p1-3@don-vi.vn');
      const outbox = t.db.select().from(mailOutbox).where(eq(mailOutbox.invitationId, refused.id)).get()!;
      expect(outbox.status).toBe('bounced');

      // Re-sending with includeFailed picks the bounced one up again (after someone checked the address).
      const again = sendInvitationsAt(t.db, { campaignId: campaign.id, includeFailed: true });
      expect(again.queued).toBe(1);
    } finally {
      await worker.stop();
      await smtp.close();
      t.cleanup();
    }
  });

  it('refuses a draft campaign and a closed one with a clear Vietnamese message', () => {
    const t = createTestDb();
    try {
      const draft = makeCampaign(t.db, { open: false });
      expect(() => sendInvitationsAt(t.db, { campaignId: draft.id })).toThrow(
        /mở đợt khảo sát trước khi gửi/,
      );
      const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 1 });
      t.db.update(campaigns).set({ status: 'closed' }).where(eq(campaigns.id, campaign.id)).run();
      expect(() => sendInvitationsAt(t.db, { campaignId: campaign.id })).toThrow(/đã chốt/);
      expect(t.db.select().from(mailOutbox).all()).toHaveLength(0);
    } finally {
      t.cleanup();
    }
  });
});
