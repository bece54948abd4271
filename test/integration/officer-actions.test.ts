import request from 'supertest';
import { vnDay } from '../../src/time';
import type { Express } from 'express';
import { eq } from 'drizzle-orm';
import { createApp } from '../../src/app';
import type { Db } from '../../src/db/client';
import { auditLog, campaigns, invitations } from '../../src/db/schema';
import { t as msg } from '../../src/i18n/messages';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer, type Mailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { linksIn, makeInvitedCampaign, PUBLIC_URL, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { makeRespondent } from '../helpers/factories';
import { csrfFrom, makeUser, postOfficerForm as post, signIn } from '../helpers/web';
import { inWords } from '../helpers/audit';

const DAY = 24 * 3600_000;
const BOUNCING = 'p1-1@don-vi.vn';

/** Everything an officer action could change, as one comparable value. */
function snapshot(db: Db): string {
  const tables = ['respondents', 'invitations', 'revoked_tokens', 'mail_outbox', 'audit_log'];
  return JSON.stringify(tables.map((name) => db.$client.prepare(`select * from ${name}`).all()));
}

/**
 * Two units of three people each (the third of unit 1 also on the HĐND), invitations delivered over a real SMTP
 * server that rejects p1-1; a focal officer of unit 1 and an admin.
 */
async function setup(opts: { clockOffset?: number } = {}) {
  const t = createTestDb();
  const smtp = await startTestSmtp({ rejectRecipients: [BOUNCING] });
  const mailer: Mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
  const config = testConfig({ PUBLIC_URL });
  const { campaign, people } = makeInvitedCampaign(t.db, {
    units: 2,
    perUnit: 3,
    dualEvery: 3,
    deadlineAt: Date.now() + 5 * DAY,
  });
  // 8 invitations (p1-3 and p2-3 sit on both forms); p1-1's bounces, so 7 arrive.
  sendInvitationsAt(t.db, { campaignId: campaign.id });
  const deliver = () => deliverDueMail(t.db, mailer, { from: config.MAIL_FROM, limit: 100 });
  await deliver();
  await smtp.waitFor(7);
  smtp.received.length = 0;
  const app: Express = createApp({
    db: t.db,
    config,
    mailer,
    clock: () => Date.now() + (opts.clockOffset ?? 0),
  });
  await makeUser(t.db, 'daumoi.dv1', 'officer', [people[0]!.invitations[0]!.unitId]);
  await makeUser(t.db, 'admin', 'admin');
  const unitA = people[0]!.invitations[0]!.unitId;
  const unitB = people[3]!.invitations[0]!.unitId;
  const invitation = (id: number) => t.db.select().from(invitations).where(eq(invitations.id, id)).get()!;
  return {
    t,
    smtp,
    app,
    campaign,
    people,
    unitA,
    unitB,
    deliver,
    invitation,
    close: async () => {
      mailer.close();
      await smtp.close();
      t.cleanup();
    },
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const audits = (s: Setup, action: string) =>
  inWords(s.t.db.select().from(auditLog).where(eq(auditLog.action, action)).all());

describe('focal officer: fixing an address and resending', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('shows the bounced address with its reason among the unit’s mail problems', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const bounced = s.people[0]!.invitations[0]!;
    expect(s.invitation(bounced.id).deliveryStatus).toBe('bounced');
    const page = await officer.get(`/officer/units/${s.unitA}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(msg('officer.problems.title', { n: 1 }));
    expect(page.text).toContain(msg('mail.failure.mailboxUnknown'));
    expect(page.text).toContain(`action="/officer/units/${s.unitA}/thu-moi/${bounced.id}/sua-email?`);
  });

  it('corrects the address: the old link shows the replaced-link page, the new mail reaches the new address, audited', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const bounced = s.people[0]!.invitations[0]!;
    const res = await post(
      officer,
      `/officer/units/${s.unitA}/thu-moi/${bounced.id}/sua-email?filter=bounced`,
      {
        email: ' Moi.Dung@Don-Vi.vn ',
      },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/officer/units/${s.unitA}?filter=bounced&sort=name&dir=asc&page=1&campaign=${s.campaign.id}` +
        `&ok=corrected&row=${bounced.id}#inv-${bounced.id}`,
    );
    const flash = await officer.get(res.headers.location!.split('#')[0]!);
    expect(flash.text).toContain(msg('officer.flash.corrected', { email: 'moi.dung@don-vi.vn' }));
    expect(flash.text).toContain('data-flash-status="queued"');

    const old = await request(s.app).get(`/s/${bounced.token}`);
    expect(old.status).toBe(410);
    expect(old.text).toContain(msg('survey.refused.revokedTitle'));

    await s.deliver();
    await s.smtp.waitFor(1);
    const mail = s.smtp.received[0]!;
    expect(mail.envelopeTo).toEqual(['moi.dung@don-vi.vn']);
    const [newToken] = linksIn(mail.text);
    expect(newToken).toBe(s.invitation(bounced.id).token);
    expect(newToken).not.toBe(bounced.token);
    expect(s.invitation(bounced.id).deliveryStatus).toBe('sent');
    expect((await request(s.app).get(`/s/${newToken}`)).status).toBe(200);
    const after = await officer.get(res.headers.location!.split('#')[0]!);
    expect(after.text).toContain('data-flash-status="sent"');

    const [entry] = audits(s, 'mail.correct_address');
    expect(entry).toMatchObject({ actor: 'daumoi.dv1', campaignId: s.campaign.id });
    expect(entry!.detail).toMatch(/^DV1: sửa địa chỉ của lượt mời #\d+, gửi lại 1 thư mời$/);
  });

  it('refuses an invalid address or one used by another person, next to the row, changing nothing', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const target = s.people[1]!.invitations[0]!;
    const before = snapshot(s.t.db);
    const invalid = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/sua-email`, {
      email: 'khong-phai-email',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('khong-phai-email&#34; không hợp lệ');
    expect(invalid.text).toContain(`id="email-error-${target.id}"`);
    expect(invalid.text).toContain('value="khong-phai-email"');

    const taken = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/sua-email`, {
      email: 'p1-3@don-vi.vn',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain(msg('mail.emailTaken', { email: 'p1-3@don-vi.vn' }));
    expect(taken.text).toContain(msg('officer.flash.failed'));
    expect(snapshot(s.t.db)).toBe(before);
  });

  it('changes nothing when the corrected address is the one already in use, and says so', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const target = s.people[1]!.invitations[0]!;
    const before = snapshot(s.t.db);
    const res = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/sua-email`, {
      email: ' P1-2@Don-Vi.vn ',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('ok=unchanged');
    const page = await officer.get(res.headers.location!.split('#')[0]!);
    expect(page.text).toContain(msg('officer.flash.unchanged', { email: 'p1-2@don-vi.vn' }));
    expect(snapshot(s.t.db)).toBe(before);
    expect((await request(s.app).get(`/s/${target.token}`)).status).toBe(200);
  });

  it('resends the same link to an unanswered person and audits it; an answered one is refused', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const target = s.people[1]!.invitations[0]!;
    s.smtp.received.length = 0;
    const res = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/gui-lai`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('ok=resent');
    await s.deliver();
    await s.smtp.waitFor(1);
    expect(s.smtp.received[0]!.envelopeTo).toEqual(['p1-2@don-vi.vn']);
    expect(linksIn(s.smtp.received[0]!.text)[0]).toBe(target.token);
    expect(audits(s, 'mail.resend')).toHaveLength(1);
    expect(audits(s, 'mail.resend')[0]!.detail).toBe(`DV1: gửi lại lượt mời #${target.id}`);

    s.t.db
      .update(invitations)
      .set({ answeredDay: vnDay(Date.now()) })
      .where(eq(invitations.id, target.id))
      .run();
    const before = snapshot(s.t.db);
    const answered = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/gui-lai`, {});
    expect(answered.status).toBe(409);
    expect(answered.text).toContain(msg('mail.alreadyAnswered'));
    expect(snapshot(s.t.db)).toBe(before);
  });

  it('fixes the address of someone not mailed yet without mailing them early, and says so', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    // Added after the unit's sending: their invitation has not gone out yet.
    const target = makeRespondent(s.t.db, s.campaign.id, s.unitA, { email: 'sai-chinh-ta@don-vi.vn' })
      .invitations[0]!;
    const queuedBefore = s.t.db.$client
      .prepare("select count(*) from mail_outbox where status = 'queued'")
      .pluck()
      .get();
    const res = await post(officer, `/officer/units/${s.unitA}/thu-moi/${target.id}/sua-email`, {
      email: 'chua-gui@don-vi.vn',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('ok=correctedUnsent');
    const page = await officer.get(res.headers.location!);
    expect(page.text).toContain(msg('officer.flash.correctedUnsent', { email: 'chua-gui@don-vi.vn' }));
    expect(
      s.t.db.$client.prepare("select count(*) from mail_outbox where status = 'queued'").pluck().get(),
    ).toBe(queuedBefore);
  });

  it('lets an admin resend an invitation of any unit', async () => {
    const admin = await signIn(s.app, 'admin');
    const other = s.people[3]!.invitations[0]!;
    const res = await post(admin, `/officer/units/${s.unitB}/thu-moi/${other.id}/gui-lai`, {});
    expect(res.status).toBe(303);
    expect(audits(s, 'mail.resend').at(-1)).toMatchObject({ actor: 'admin' });
  });
});

describe('focal officer: reminding the not-yet-answered', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('confirms how many will get it, then reaches only the delivered unanswered invitations of the unit', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    // p1-1 bounced, p1-2 answered: p1-3 (cbcc + hdnd) is left, one person, two mails.
    const answered = s.people[1]!.invitations[0]!;
    s.t.db
      .update(invitations)
      .set({ answeredDay: vnDay(Date.now()) })
      .where(eq(invitations.id, answered.id))
      .run();
    const confirm = await officer.get(`/officer/units/${s.unitA}/nhac-nho?campaign=${s.campaign.id}`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('data-reminder-count="2"');
    expect(confirm.text).not.toContain('đã được nhắc trong 24 giờ qua');
    expect(confirm.text).toContain('tới 1 người');
    const cbccOnly = await officer.get(
      `/officer/units/${s.unitA}/nhac-nho?campaign=${s.campaign.id}&form=cbcc`,
    );
    expect(cbccOnly.text).toContain('data-reminder-count="1"');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const action = /action="(\/officer[^"]+\/nhac-nho[^"]*)"/.exec(confirm.text)![1]!.replace(/&amp;/g, '&');
    const res = await officer.post(action).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const page = await officer.get(res.headers.location!.split('#')[0]!);
    expect(page.text).toContain('Đã xếp 2 thư nhắc');

    await s.deliver();
    await s.smtp.waitFor(2);
    expect(s.smtp.received.map((m) => m.envelopeTo[0])).toEqual(['p1-3@don-vi.vn', 'p1-3@don-vi.vn']);
    const tokens = s.smtp.received.map((m) => linksIn(m.text)[0]);
    expect(tokens.sort()).toEqual(s.people[2]!.invitations.map((i) => i.token).sort());
    expect(audits(s, 'mail.remind')).toHaveLength(1);
    expect(audits(s, 'mail.remind')[0]).toMatchObject({
      actor: 'daumoi.dv1',
      detail: 'DV1, mọi loại phiếu: 2 thư nhắc',
    });
  });

  it('warns before a second round that the same invitations were reminded in the last 24 hours', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const first = await officer.get(`/officer/units/${s.unitA}/nhac-nho?campaign=${s.campaign.id}`);
    expect(first.text).toContain('data-reminder-count="2"');
    expect(first.text).toContain('Lưu ý: 2 thư mời trong số này đã được nhắc trong 24 giờ qua');
  });

  it('refuses clearly once the campaign is closed, sending nothing', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const csrf = await csrfFrom(officer, '/officer');
    s.t.db.update(campaigns).set({ status: 'closed' }).where(eq(campaigns.id, s.campaign.id)).run();
    const before = snapshot(s.t.db);
    const confirm = await officer.get(`/officer/units/${s.unitA}/nhac-nho`);
    expect(confirm.text).toContain(msg('officer.remind.closed'));
    expect(confirm.text).not.toContain('data-reminder-count');
    const res = await officer.post(`/officer/units/${s.unitA}/nhac-nho`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(409);
    expect(res.text).toContain(msg('officer.remind.closed'));
    expect(snapshot(s.t.db)).toBe(before);
  });
});

describe('focal officer: reminders after the unit deadline', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup({ clockOffset: 6 * DAY });
  });
  afterAll(() => s.close());

  it('refuses clearly past the unit’s deadline, sending nothing', async () => {
    const officer = await signIn(s.app, 'daumoi.dv1');
    const before = snapshot(s.t.db);
    const confirm = await officer.get(`/officer/units/${s.unitA}/nhac-nho`);
    expect(confirm.text).toContain('Đã quá hạn trả lời của đơn vị');
    const res = await post(officer, `/officer/units/${s.unitA}/nhac-nho`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain('Đã quá hạn trả lời của đơn vị');
    expect(snapshot(s.t.db)).toBe(before);
  });
});
