import request from 'supertest';
import type { Express } from 'express';
import { eq } from 'drizzle-orm';
import { createApp } from '../../src/app';
import { auditLog, invitations, respondents, revokedTokens } from '../../src/db/schema';
import { t as msg } from '../../src/i18n/messages';
import { newToken } from '../../src/tokens';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeRespondent } from '../helpers/factories';
import { linksIn, makeInvitedCampaign, PUBLIC_URL, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { downloadWorkbook, makeUser, postOfficerForm as post, signIn } from '../helpers/web';
import { inWords } from '../helpers/audit';

const DAY = 24 * 3600_000;
const SHARED = 'chung@don-vi.vn';
const FIXED = 'chung.moi@don-vi.vn';

/**
 * Units DV1 ("Sở số 1") and DV2 ("Sở số 2") held by two different focal officers, and Lê Văn Chung listed by both:
 * by DV1 for the cbcc form, by DV2 for the hdnd form. His address bounces, so both units see the same problem;
 * Trần Thị Nhắc is listed the same way at an address that works.
 */
async function setup() {
  const t = createTestDb();
  const smtp = await startTestSmtp({ rejectRecipients: [SHARED] });
  const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
  const config = testConfig({ PUBLIC_URL });
  const { campaign, people } = makeInvitedCampaign(t.db, {
    units: 2,
    perUnit: 2,
    deadlineAt: Date.now() + 5 * DAY,
  });
  const unitA = people[0]!.invitations[0]!.unitId;
  const unitB = people[2]!.invitations[0]!.unitId;
  const listedByBoth = (email: string, fullName: string) => {
    const {
      person,
      invitations: [inA],
    } = makeRespondent(t.db, campaign.id, unitA, { email, fullName });
    const inB = t.db
      .insert(invitations)
      .values({
        campaignId: campaign.id,
        respondentId: person.id,
        unitId: unitB,
        formType: 'hdnd',
        token: newToken(),
      })
      .returning()
      .get();
    return { person, inA: inA!, inB };
  };
  const chung = listedByBoth(SHARED, 'Lê Văn Chung');
  const nhac = listedByBoth('nhac@don-vi.vn', 'Trần Thị Nhắc');
  sendInvitationsAt(t.db, { campaignId: campaign.id });
  const deliver = () => deliverDueMail(t.db, mailer, { from: config.MAIL_FROM, limit: 100 });
  await deliver();
  await smtp.waitFor(6);
  smtp.received.length = 0;
  const app: Express = createApp({ db: t.db, config, mailer });
  await makeUser(t.db, 'daumoi.dv1', 'officer', [unitA]);
  await makeUser(t.db, 'daumoi.dv2', 'officer', [unitB]);
  await makeUser(t.db, 'admin', 'admin');
  return {
    t,
    smtp,
    app,
    campaign,
    unitA,
    unitB,
    chung,
    nhac,
    deliver,
    invitation: (id: number) => t.db.select().from(invitations).where(eq(invitations.id, id)).get()!,
    emailOf: (respondentId: number) =>
      t.db.select().from(respondents).where(eq(respondents.id, respondentId)).get()?.email,
    revoked: () =>
      t.db
        .select()
        .from(revokedTokens)
        .all()
        .map((r) => r.token),
    audits: (action: string) =>
      inWords(t.db.select().from(auditLog).where(eq(auditLog.action, action)).all()),
    close: async () => {
      mailer.close();
      await smtp.close();
      t.cleanup();
    },
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const fixAddress = (s: Setup, unitId: number, invitationId: number) =>
  `/officer/units/${unitId}/thu-moi/${invitationId}/sua-email?campaign=${s.campaign.id}`;

async function downloadRows(agent: ReturnType<typeof request.agent>, path: string) {
  const { workbook } = await downloadWorkbook(agent, path);
  const rows: unknown[][] = [];
  // Without the number column (STT): the person's cells start at the address.
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(2)));
  return rows;
}

describe('a person listed by two units held by two officers: each officer sees and acts on their own unit only', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('lists only the officer’s own invitation of the person and says the other unit lists them too', async () => {
    const one = await signIn(s.app, 'daumoi.dv1');
    const page = await one.get(`/officer/units/${s.unitA}?q=chung`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`id="inv-${s.chung.inA.id}"`);
    expect(page.text).not.toContain(`id="inv-${s.chung.inB.id}"`);
    expect(page.text).toContain(msg('officer.shared.listedBy', { units: 'Sở số 2 (Phiếu đại biểu HĐND)' }));
    expect(page.text).toContain(msg('officer.shared.leftToOthers', { units: 'Sở số 2' }));
    expect(page.text).toContain('công chức đầu mối của đơn vị đó hoặc quản trị viên');

    const two = await signIn(s.app, 'daumoi.dv2');
    const other = await two.get(`/officer/units/${s.unitB}?q=chung`);
    expect(other.text).toContain(`id="inv-${s.chung.inB.id}"`);
    expect(other.text).not.toContain(`id="inv-${s.chung.inA.id}"`);
    expect(other.text).toContain(
      msg('officer.shared.listedBy', { units: 'Sở số 1 (Phiếu lãnh đạo, công chức, viên chức)' }),
    );
  });

  it('never reaches the other unit’s invitation: its page, its row actions and its flash are 404 or absent', async () => {
    const one = await signIn(s.app, 'daumoi.dv1');
    expect((await one.get(`/officer/units/${s.unitB}`)).status).toBe(404);
    for (const unitId of [s.unitA, s.unitB]) {
      for (const action of ['gui-lai', 'sua-email']) {
        const res = await post(one, `/officer/units/${unitId}/thu-moi/${s.chung.inB.id}/${action}`, {
          email: FIXED,
        });
        expect(res.status).toBe(404);
      }
    }
    const flash = await one.get(`/officer/units/${s.unitA}?ok=resent&row=${s.chung.inB.id}`);
    expect(flash.text).not.toContain(`data-flash-status`);
    expect(s.invitation(s.chung.inB.id)).toMatchObject({
      token: s.chung.inB.token,
      deliveryStatus: 'bounced',
    });
  });

  it('exports only the officer’s own invitations of the person', async () => {
    const one = await signIn(s.app, 'daumoi.dv1');
    const rows = await downloadRows(
      one,
      `/officer/units/${s.unitA}/danh-sach.xlsx?campaign=${s.campaign.id}`,
    );
    const shared = rows.filter((r) => r[1] === SHARED || r[1] === 'nhac@don-vi.vn');
    expect(shared.map((r) => [r[1], r[2]])).toEqual([
      [SHARED, 'Phiếu lãnh đạo, công chức, viên chức'],
      ['nhac@don-vi.vn', 'Phiếu lãnh đạo, công chức, viên chức'],
    ]);
    expect(rows.some((r) => r[2] === 'Phiếu đại biểu HĐND')).toBe(false);
  });

  it('reminds only the officer’s own unit: the other unit’s invitation of the person is not reminded', async () => {
    const one = await signIn(s.app, 'daumoi.dv1');
    const confirm = await one.get(`/officer/units/${s.unitA}/nhac-nho?campaign=${s.campaign.id}`);
    expect(confirm.text).toContain('data-reminder-count="3"');
    const res = await post(one, `/officer/units/${s.unitA}/nhac-nho?campaign=${s.campaign.id}`, {});
    expect(res.status).toBe(303);
    expect(s.invitation(s.nhac.inA.id).reminderCount).toBe(1);
    expect(s.invitation(s.nhac.inB.id).reminderCount).toBe(0);
    await s.deliver();
    await s.smtp.waitFor(3);
    const toNhac = s.smtp.received.filter((m) => m.envelopeTo[0] === 'nhac@don-vi.vn');
    expect(toNhac).toHaveLength(1);
    expect(linksIn(toNhac[0]!.text)[0]).toBe(s.nhac.inA.token);
    expect(s.audits('mail.remind').at(-1)!.detail).toBe('DV1, mọi loại phiếu: 3 thư nhắc');
    s.smtp.received.length = 0;
  });

  it('re-addresses only the officer’s own invitation: the other unit keeps its link and address, the audit names both', async () => {
    const one = await signIn(s.app, 'daumoi.dv1');
    const res = await post(one, fixAddress(s, s.unitA, s.chung.inA.id), { email: FIXED });
    expect(res.status).toBe(303);
    // DV1's invitation: new link at the new address. DV2's: the same link, still for the old address.
    const inA = s.invitation(s.chung.inA.id);
    expect(inA.token).not.toBe(s.chung.inA.token);
    expect(s.emailOf(inA.respondentId)).toBe(FIXED);
    const inB = s.invitation(s.chung.inB.id);
    expect(inB).toMatchObject({ token: s.chung.inB.token, deliveryStatus: 'bounced' });
    expect(s.emailOf(inB.respondentId)).toBe(SHARED);
    expect(s.revoked()).toEqual([s.chung.inA.token]);

    await s.deliver();
    await s.smtp.waitFor(1);
    expect(s.smtp.received).toHaveLength(1);
    expect(s.smtp.received[0]!.envelopeTo).toEqual([FIXED]);
    expect(linksIn(s.smtp.received[0]!.text)).toEqual([inA.token]);

    const [entry] = s.audits('mail.correct_address');
    expect(entry).toMatchObject({ actor: 'daumoi.dv1' });
    expect(entry!.detail).toBe(
      `DV1: sửa địa chỉ của lượt mời #${inA.id}, gửi lại 1 thư mời; phiếu ở DV2 giữ địa chỉ cũ`,
    );

    // The officer is told the other unit's invitation was left alone.
    const page = await one.get(res.headers.location!.split('#')[0]!);
    expect(page.text).toContain(msg('officer.flash.corrected', { email: FIXED }));
    expect(page.text).toContain(msg('officer.flash.keptElsewhere', { n: 1 }));

    // The other unit's officer still sees the old, bounced address on their row.
    const two = await signIn(s.app, 'daumoi.dv2');
    const other = await two.get(`/officer/units/${s.unitB}?q=chung`);
    expect(other.text).toContain(SHARED);
    expect(other.text).not.toContain(FIXED);
    s.smtp.received.length = 0;
  });

  it('leaves joining the other unit’s invitation to the same address to an admin, who can', async () => {
    const two = await signIn(s.app, 'daumoi.dv2');
    const refused = await post(two, fixAddress(s, s.unitB, s.chung.inB.id), { email: FIXED });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(msg('mail.emailTaken', { email: FIXED }));
    expect(s.invitation(s.chung.inB.id).token).toBe(s.chung.inB.token);

    const admin = await signIn(s.app, 'admin');
    const res = await post(admin, fixAddress(s, s.unitB, s.chung.inB.id), { email: FIXED });
    expect(res.status).toBe(303);
    const inA = s.invitation(s.chung.inA.id);
    const inB = s.invitation(s.chung.inB.id);
    expect(inB.respondentId).toBe(inA.respondentId);
    expect(inB.token).not.toBe(s.chung.inB.token);
    await s.deliver();
    await s.smtp.waitFor(1);
    expect(s.smtp.received.map((m) => m.envelopeTo[0])).toEqual([FIXED]);
    expect(linksIn(s.smtp.received[0]!.text).sort()).toEqual([inA.token, inB.token].sort());
    expect(s.audits('mail.correct_address').at(-1)!.detail).toBe(
      `DV2: sửa địa chỉ của lượt mời #${inB.id}, gửi lại 1 thư mời`,
    );
  });
});

describe('an admin fixing the address of a person listed by two units', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('re-addresses every invitation of the person, says which on the page, and the audit names both units', async () => {
    const admin = await signIn(s.app, 'admin');
    const before = await admin.get(`/officer/units/${s.unitA}?q=chung`);
    expect(before.text).toContain(msg('officer.shared.coveredToo', { units: 'Sở số 2' }));
    const res = await post(admin, fixAddress(s, s.unitA, s.chung.inA.id), { email: FIXED });
    expect(res.status).toBe(303);
    const inA = s.invitation(s.chung.inA.id);
    const inB = s.invitation(s.chung.inB.id);
    expect(inA.token).not.toBe(s.chung.inA.token);
    expect(inB.token).not.toBe(s.chung.inB.token);
    expect(s.emailOf(inB.respondentId)).toBe(FIXED);
    const page = await admin.get(res.headers.location!.split('#')[0]!);
    expect(page.text).toContain(
      msg('officer.flash.coveredUnits', {
        forms: 'Phiếu lãnh đạo, công chức, viên chức – Sở số 1; Phiếu đại biểu HĐND – Sở số 2',
      }),
    );
    await s.deliver();
    await s.smtp.waitFor(2);
    expect(s.smtp.received.map((m) => m.envelopeTo[0])).toEqual([FIXED, FIXED]);
    expect(s.audits('mail.correct_address')[0]!.detail).toBe(
      `DV1, DV2: sửa địa chỉ của lượt mời #${inA.id}, gửi lại 2 thư mời`,
    );
  });

  it('lets an officer holding both units fix both at once', async () => {
    await makeUser(s.t.db, 'daumoi.ca-hai', 'officer', [s.unitA, s.unitB]);
    const both = await signIn(s.app, 'daumoi.ca-hai');
    const res = await post(both, fixAddress(s, s.unitB, s.nhac.inB.id), { email: 'nhac.moi@don-vi.vn' });
    expect(res.status).toBe(303);
    expect(s.emailOf(s.invitation(s.nhac.inA.id).respondentId)).toBe('nhac.moi@don-vi.vn');
    expect(s.invitation(s.nhac.inA.id).token).not.toBe(s.nhac.inA.token);
    expect(s.audits('mail.correct_address').at(-1)!.detail).toBe(
      `DV1, DV2: sửa địa chỉ của lượt mời #${s.nhac.inB.id}, gửi lại 2 thư mời`,
    );
  });
});
