import request from 'supertest';
import { t as msg } from '../../src/i18n/messages';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { endOfVnDay } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { startTestSmtp } from '../helpers/smtp';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

// 10:00 on 25/11/2019, Vietnam time.
const NOW = Date.UTC(2019, 10, 25, 3);
const CBCC = 'Phiếu lãnh đạo, công chức, viên chức';
/** A text as a page escapes it ("<" is "&lt;"). */
const escaped = (text: string) => text.replace(/</g, '&lt;');

describe('pages show who is short of their quota and why', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db, { now: NOW });
  const clock = () => NOW;
  const app = testApp(t.db, t.dir, { clock });
  const future = endOfVnDay('2019-12-01');
  const past = endOfVnDay('2019-11-20');
  const reached = makeUnit(t.db, campaign.id, {
    code: 'STP',
    name: 'Sở Tư pháp',
    quotas: { cbcc: 2, hdnd: 0 },
    deadlineAt: future,
  });
  const behind = makeUnit(t.db, campaign.id, {
    code: 'SYT',
    name: 'Sở Y tế',
    quotas: { cbcc: 3 },
    deadlineAt: future,
  });
  const listShort = makeUnit(t.db, campaign.id, {
    code: 'MYTU',
    name: 'UBND huyện Mỹ Tú',
    group: 'ubnd_huyen',
    quotas: { cbcc: 15 },
    deadlineAt: future,
  });
  const overdue = makeUnit(t.db, campaign.id, {
    code: 'VCHAU',
    name: 'UBND thị xã Vĩnh Châu',
    group: 'ubnd_huyen',
    quotas: { cbcc: 4 },
    deadlineAt: past,
  });
  const answer = (invitationId: number) =>
    t.db.$client.prepare("update invitations set answered_day = '2019-11-19' where id = ?").run(invitationId);
  const people = (unitId: number, code: string, n: number, names: string[] = []) =>
    Array.from({ length: n }, (_, i) =>
      makeRespondent(t.db, campaign.id, unitId, {
        email: `${code}${i}@snv.vn`,
        fullName: names[i] ?? `Người ${code} ${i}`,
      }),
    );
  let admin: Awaited<ReturnType<typeof signIn>>;
  let officer: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    for (const p of people(reached.id, 'stp', 2)) answer(p.invitations[0]!.id);
    answer(people(behind.id, 'syt', 5, ['Võ Văn Em', 'Đặng Thị Hoa', 'Bùi Văn An'])[0]!.invitations[0]!.id);
    people(listShort.id, 'mytu', 3);
    people(overdue.id, 'vchau', 4);
    await makeUser(t.db, 'admin', 'admin');
    await makeUser(t.db, 'daumoi', 'officer', [behind.id, listShort.id, reached.id]);
    admin = await signIn(app, 'admin');
    officer = await signIn(app, 'daumoi');
  });
  afterAll(() => t.cleanup());

  const statusOf = (html: string, unitId: number) =>
    new RegExp(`<tr data-unit="${unitId}">[\\s\\S]*?data-status="(\\w+)"`).exec(html)?.[1];

  it('colours each unit on the dashboard by its status, with forms short, days left and a short list in words', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}`)).text;
    expect(statusOf(html, reached.id)).toBe('reached');
    expect(statusOf(html, behind.id)).toBe('behind');
    expect(statusOf(html, listShort.id)).toBe('listShort');
    expect(statusOf(html, overdue.id)).toBe('overdue');
    expect(html).toContain(msg('campaigns.missingAnswers', { n: 2 }));
    expect(html).toContain(msg('campaigns.daysLeft', { n: 7 }));
    expect(html).toContain(
      escaped(msg('campaigns.listShortOf', { form: CBCC, listed: 3, quota: 15, missing: 12 })),
    );
    // The chart's bars take the same colours, and the sending forms come after the progress.
    expect(html).toMatch(new RegExp(`data-unit="${listShort.id}">[^]*?class="chart-bar listShort"`));
    expect(html.indexOf('id="send-h"')).toBeGreaterThan(html.indexOf('class="units-table"'));
    const sorted = (await admin.get(`/admin/campaigns/${campaign.id}?sort=status`)).text;
    const order = [...sorted.matchAll(/<tr data-unit="(\d+)">/g)].map((m) => Number(m[1]));
    expect(order).toEqual([overdue.id, listShort.id, behind.id, reached.id]);
  });

  it('shows the list size beside the quota on the units page', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}/units`)).text;
    expect(html).toContain(escaped(msg('campaigns.listShort', { listed: 3, quota: 15, missing: 12 })));
    expect(html).toContain(msg('admin.units.listed', { n: 5 }));
  });

  it("lists the officer's units with a short list first, and says so on the unit page", async () => {
    const home = (await officer.get(`/officer?campaign=${campaign.id}`)).text;
    expect(home.indexOf('UBND huyện Mỹ Tú')).toBeLessThan(home.indexOf('Sở Y tế'));
    expect(home.indexOf('UBND huyện Mỹ Tú')).toBeLessThan(home.indexOf('Sở Tư pháp'));
    expect(home).toContain(escaped(msg('campaigns.listShort', { listed: 3, quota: 15, missing: 12 })));
    const unitPage = (await officer.get(`/officer/units/${reached.id}?campaign=${campaign.id}`)).text;
    // A form type without a quota says so instead of "0 / 0 … 0%".
    expect(unitPage).toMatch(/data-form="hdnd">[^]*?data-no-quota>Không giao chỉ tiêu</);
    expect(unitPage).not.toMatch(/data-form="hdnd">[^]*?<progress/);
  });

  it("opens the officer's list on those who have not answered, with their names to copy, in Vietnamese order", async () => {
    const html = (await officer.get(`/officer/units/${behind.id}?campaign=${campaign.id}`)).text;
    expect(html).toMatch(/aria-current="true">Chưa trả lời</);
    const chase = /<textarea id="chase-text" readonly[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!;
    const lines = chase.trim().split('\n');
    expect(lines[0]).toContain('Sở Y tế: 4 người chưa trả lời');
    // Names only (never a link or an address), "Đặng" before "Võ"; the one who answered is not there.
    expect(lines.slice(1)).toEqual(['1. Bùi Văn An', '2. Đặng Thị Hoa', '3. Người syt 3', '4. Người syt 4']);
    expect(chase).not.toMatch(/@|http/);
    const rows = [...html.matchAll(/<td data-label="Họ tên">([^<]+)/g)].map((m) => m[1]!.trim());
    expect(rows).toEqual(['Bùi Văn An', 'Đặng Thị Hoa', 'Người syt 3', 'Người syt 4']);
  });

  it('warns before closing, naming the units whose deadline has not passed', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}/chot`)).text;
    expect(html).toContain(msg('admin.closing.stillOpen', { n: 3 }));
    expect(html).toMatch(/data-still-open="3"[^]*Sở Tư pháp[^]*Sở Y tế/);
    expect(html).not.toMatch(/data-still-open[^]*Vĩnh Châu[^]*<\/ul>/);
  });

  it('writes and reads date-time fields as dd/mm/yyyy hh:mm, whatever the browser', async () => {
    const edit = (await admin.get(`/admin/campaigns/${campaign.id}/units/${behind.id}`)).text;
    expect(edit).toContain('id="deadlineDate" name="deadlineDate" value="01/12/2019"');
    expect(edit).not.toContain('type="date"');
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}/units/${behind.id}`);
    const saved = await admin
      .post(`/admin/campaigns/${campaign.id}/units/${behind.id}`)
      .type('form')
      .send({ _csrf: token, sendOn: '', deadlineDate: '02/12/2019', deadlineTime: '17h00', quota_cbcc: '3' });
    expect(saved.status).toBe(303);
    const again = (await admin.get(`/admin/campaigns/${campaign.id}/units/${behind.id}`)).text;
    // 2 December, not 12 February: the day comes first.
    expect(again).toContain('value="02/12/2019"');
    expect(again).toContain('id="deadlineTime" name="deadlineTime" value="17:00"');
    const campaignEdit = (await admin.get(`/admin/campaigns/${campaign.id}/edit`)).text;
    expect(campaignEdit).toMatch(/id="opensAt" name="opensAt" value="\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}"/);
  });
});

describe('the send progress page says how many bounced and links to them', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ', quotas: { cbcc: 3 } });
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  const app = testApp(t.db, t.dir);
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    smtp = await startTestSmtp({ rejectRecipients: ['sai@snv.vn'] });
    for (const email of ['an@snv.vn', 'binh@snv.vn', 'sai@snv.vn']) {
      makeRespondent(t.db, campaign.id, unit.id, { email });
    }
    await makeUser(t.db, 'admin', 'admin');
    admin = await signIn(app, 'admin');
  });
  afterAll(async () => {
    await smtp.close();
    t.cleanup();
  });

  it('reads "2 gửi được, 1 bị trả lại, 0 lỗi", colours the bar by outcome and lists failed and bounced together', async () => {
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}`);
    const sent = await admin.post(`/admin/campaigns/${campaign.id}/gui`).type('form').send({ _csrf: token });
    const progressPage = sent.headers.location!;
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
    await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn' });
    mailer.close();
    const page = (await admin.get(progressPage)).text;
    const outcome = msg('admin.sending.outcome', { sent: 2, bounced: 1, failed: 0 });
    expect(page).toMatch(new RegExp(`id="send-status"[^>]*class="warn-text"`));
    expect(page).toContain(`${msg('admin.sending.finished')} ${outcome}`);
    expect(page).toMatch(/class="seg sent" data-segment="sent" x="0.00" y="0" width="66.67"/);
    expect(page).toMatch(/class="seg bounced" data-segment="bounced" x="66.67" y="0" width="33.33"/);
    const link = /id="send-failures" href="([^"]+)"(?! hidden)/.exec(page)![1]!.replace(/&amp;/g, '&');
    expect(link).toBe(`/admin/outbox?campaign=${campaign.id}&status=problems`);
    const outbox = (await admin.get(link)).text;
    expect(outbox).toContain('sai@snv.vn');
    expect(outbox).not.toContain('binh@snv.vn');
    // The admin reads the reason in words, and the server's own text behind "chi tiết".
    expect(outbox).toContain(msg('mail.failure.mailboxUnknown'));
    expect(outbox).toMatch(/<summary>chi tiết<\/summary><span class="raw">[^<]*5\.1\.1/);
  });

  it('shows the admin the server text behind the reason on the unit page; the officer sees the reason only', async () => {
    const html = (await admin.get(`/officer/units/${unit.id}?campaign=${campaign.id}&filter=bounced`)).text;
    expect(html).toContain(msg('mail.failure.mailboxUnknown'));
    expect(html).toMatch(/<summary>chi tiết<\/summary><span class="raw">[^<]*5\.1\.1/);
    expect(html).toMatch(/data-reason="mailboxUnknown"><strong>1<\/strong> × Hộp thư không tồn tại/);
  });
});

describe('the survey pages name the help contact the admin set', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ' });
  const { invitations } = makeRespondent(t.db, campaign.id, unit.id, { email: 'an@snv.vn' });
  const app = testApp(t.db, t.dir);

  afterAll(() => t.cleanup());

  it('shows the phone and email on the form, refuses a malformed phone and loses nothing typed', async () => {
    await makeUser(t.db, 'admin', 'admin');
    const admin = await signIn(app, 'admin');
    const form = `/admin/campaigns/${campaign.id}/edit`;
    const page = (await admin.get(form)).text;
    const fields = Object.fromEntries(
      [...page.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const bad = await admin
      .post(form)
      .type('form')
      .send({
        ...fields,
        _csrf: await csrfFrom(admin, form),
        contactPhone: 'gọi tôi',
        contactEmail: 'cchc@snv.vn',
      });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(msg('admin.campaigns.badContactPhone'));
    expect(bad.text).toContain('value="cchc@snv.vn"');
    const saved = await admin
      .post(form)
      .type('form')
      .send({
        ...fields,
        _csrf: await csrfFrom(admin, form),
        contactPhone: '0299 3822 123',
        contactEmail: 'cchc@snv.vn',
      });
    expect(saved.status).toBe(303);
    const survey = (await request(app).get(`/s/${invitations[0]!.token}`)).text;
    expect(survey).toContain(
      msg('survey.contactWith', { contact: 'điện thoại 0299 3822 123, email cchc@snv.vn' }),
    );
  });
});
