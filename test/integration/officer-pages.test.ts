import { eq } from 'drizzle-orm';
import { invitations, respondents } from '../../src/db/schema';
import { t as msg } from '../../src/i18n/messages';
import { readResponses } from '../../src/responses/read-responses';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { seedSurvey } from '../helpers/survey-data';
import { downloadWorkbook, makeUser, signIn, testApp } from '../helpers/web';

const DAY = 86_400_000;

describe('focal officer pages', () => {
  const t = createTestDb();
  const now = Date.parse('2019-11-25T03:00:00Z');
  const { campaign, units } = seedSurvey(t.db, now);
  const unit = units[3]!;
  const other = units[4]!;
  const app = testApp(t.db, t.dir, { clock: () => now });
  const unitPath = `/officer/units/${unit.id}?campaign=${campaign.id}`;
  let officer: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'daumoi', 'officer', [unit.id]);
    officer = await signIn(app, 'daumoi');
  });
  afterAll(() => t.cleanup());

  function invitationsOf(unitId: number) {
    return t.db
      .select({
        email: respondents.email,
        formType: invitations.formType,
        answeredOn: invitations.answeredOn,
      })
      .from(invitations)
      .innerJoin(respondents, eq(respondents.id, invitations.respondentId))
      .where(eq(invitations.unitId, unitId))
      .all();
  }

  it('shows per form type the answered count against the quota, delivery counts and the deadline countdown', async () => {
    const res = await officer.get(unitPath);
    expect(res.status).toBe(200);
    const answeredCbcc = invitationsOf(unit.id).filter((i) => i.formType === 'cbcc' && i.answeredOn).length;
    expect(res.text).toContain(`<strong data-answered>${answeredCbcc}</strong> / 8`);
    expect(res.text).toContain('Phiếu đại biểu HĐND');
    expect(res.text).toMatch(/<progress class="bar[^"]*" max="100" value="\d+"/);
    // Deadline is the end of 2019-12-01 (Vietnam) and "now" is 10:00 on 2019-11-25: 6 days 13 hours 59 minutes.
    expect(res.text).toContain('còn 6 ngày 13 giờ');
  });

  it('lists the unit’s invitations with their states, and never anyone’s answers', async () => {
    const res = await officer.get(`${unitPath}&filter=all`);
    for (const inv of invitationsOf(unit.id)) expect(res.text).toContain(inv.email);
    for (const inv of invitationsOf(other.id)) expect(res.text).not.toContain(inv.email);
    expect(res.text).toContain('Đã trả lời');
    expect(res.text).toContain('Bị trả lại');
    // The officer reads the reason in words and what to do; the server's English stays for the admin.
    expect(res.text).toContain(msg('mail.failure.mailboxUnknown'));
    expect(res.text).toContain(msg('mail.failureAdvice.mailboxUnknown'));
    expect(res.text).not.toContain('550 5.1.1 Mailbox unavailable');
    const answerTexts = readResponses(t.db, campaign.id).flatMap((r) =>
      r.answers.flatMap((a) => (a.textValue ? [a.textValue] : [])),
    );
    expect(answerTexts.length).toBeGreaterThan(0);
    for (const page of [unitPath, '/officer', `${unitPath}&filter=unanswered`]) {
      const html = (await officer.get(page)).text;
      for (const text of answerTexts) expect(html).not.toContain(text);
      expect(html).not.toContain('Ý kiến bí mật');
    }
  });

  it('filters to the unanswered and to the bounced, and searches by name or email', async () => {
    const unanswered = await officer.get(`${unitPath}&filter=unanswered`);
    expect(unanswered.text).not.toMatch(/badge ok">Đã trả lời/);
    const bounced = await officer.get(`${unitPath}&filter=bounced`);
    const rows = bounced.text.match(/<tr id="inv-\d+"/g) ?? [];
    const expected = t.db.$client
      .prepare(
        "select count(*) as n from invitations where unit_id = ? and answered_on is null and delivery_status in ('bounced','failed')",
      )
      .get(unit.id) as { n: number };
    expect(rows.length).toBe(expected.n);
    const search = await officer.get(`${unitPath}&filter=all&q=${encodeURIComponent('vthanh.3@')}`);
    expect(search.text).toContain('vthanh.3@soctrang.gov.vn');
    expect(search.text).not.toContain('vthanh.4@soctrang.gov.vn');
    const byName = await officer.get(`${unitPath}&filter=all&q=${encodeURIComponent('Phạm Thu')}`);
    expect(byName.text).toContain('Phạm Thu Dung');
    expect(byName.text).not.toContain('Nguyễn Văn An');
    const none = await officer.get(`${unitPath}&q=khong-co-ai`);
    expect(none.text).toContain('Không có ai khớp với');
  });

  it('sorts the list by a column and pages through long lists', async () => {
    const c = makeCampaign(t.db, { year: 2020, now });
    const big = makeUnit(t.db, c.id, { code: 'BIG', name: 'UBND huyện Kế Sách', quotas: { cbcc: 120 } });
    for (let i = 0; i < 120; i++) {
      makeRespondent(t.db, c.id, big.id, {
        email: `p${String(i).padStart(3, '0')}@ks.gov.vn`,
        fullName: `Người ${i}`,
      });
    }
    await makeUser(t.db, 'daumoi.ks', 'officer', [big.id]);
    const agent = await signIn(app, 'daumoi.ks');
    const base = `/officer/units/${big.id}?campaign=${c.id}`;
    const first = await agent.get(`${base}&sort=email&dir=asc`);
    expect(first.text).toContain('p000@ks.gov.vn');
    expect(first.text).not.toContain('p050@ks.gov.vn');
    expect(first.text).toContain('Trang 1/3');
    const desc = await agent.get(`${base}&sort=email&dir=desc`);
    expect(desc.text.indexOf('p119@')).toBeGreaterThan(0);
    expect(desc.text).not.toContain('p000@ks.gov.vn');
    const third = await agent.get(`${base}&sort=email&dir=asc&page=3`);
    expect(third.text).toContain('p119@ks.gov.vn');
    expect(third.text).toContain('Trang 3/3');
  });

  it('exports the unit’s list as XLSX with the unit’s invitations only and no answers', async () => {
    const mailed = invitationsOf(unit.id)[0]!;
    // 09:30 on 20/11/2019 in Vietnam: a real date cell showing that wall-clock time.
    t.db.$client
      .prepare(
        'update invitations set sent_at = ? where respondent_id = (select id from respondents where email = ?)',
      )
      .run(Date.UTC(2019, 10, 20, 2, 30), mailed.email);
    const { res, workbook } = await downloadWorkbook(
      officer,
      `/officer/units/${unit.id}/danh-sach.xlsx?campaign=${campaign.id}`,
    );
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const sheet = workbook.worksheets[0]!;
    // The unit and the campaign above the header, so a forwarded sheet says whose list it is.
    expect(sheet.getRow(1).getCell(1).value).toBe(unit.name);
    expect(sheet.getRow(2).getCell(1).value).toBe(campaign.name);
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual([
      'STT',
      'Họ tên',
      'Email',
      'Loại phiếu',
      'Trạng thái',
      'Lý do lỗi',
      'Cần làm',
      'Ngày gửi',
      'Đã trả lời',
    ]);
    expect(sheet.autoFilter).toBe('A3:I3');
    const rows = sheet.getRows(4, sheet.rowCount - 3)!;
    expect(rows.map((row) => row.getCell(1).value)).toEqual(rows.map((_, i) => i + 1));
    const emails = rows.map((row) => String(row.getCell(3).value));
    const mailedRow = rows.find((row) => row.getCell(3).value === mailed.email)!;
    expect(mailedRow.getCell(8).value).toEqual(new Date(Date.UTC(2019, 10, 20, 9, 30)));
    expect(mailedRow.getCell(8).numFmt).toBe('dd/mm/yyyy hh:mm');
    // Names in Vietnamese order, as on the dashboard: "Đặng" before "Võ".
    const names = rows.map((row) => String(row.getCell(2).value));
    expect(names).toEqual([...names].sort(new Intl.Collator('vi', { sensitivity: 'base' }).compare));
    const expected = invitationsOf(unit.id).map((i) => i.email);
    expect(emails.sort()).toEqual(expected.sort());
    const all = JSON.stringify(sheet.getSheetValues());
    expect(all).not.toContain('Ý kiến bí mật');
    expect(all).toContain('Bị trả lại');
    expect(all).toContain(msg('mail.failure.mailboxUnknown'));
    expect(all).not.toContain('Mailbox unavailable');
  });

  it('shows helpful empty states to an officer without units or without campaigns', async () => {
    await makeUser(t.db, 'daumoi.moi', 'officer');
    const res = await (await signIn(app, 'daumoi.moi')).get('/officer');
    expect(res.text).toContain('chưa được gán cơ quan, đơn vị nào');
  });

  it('says the deadline has passed once it has', async () => {
    const late = testApp(t.db, t.dir, { clock: () => now + 30 * DAY });
    const res = await (await signIn(late, 'daumoi')).get(unitPath);
    expect(res.text).toContain('đã hết hạn');
  });

  it('counts down no more once the campaign is closed, before the unit’s deadline, and says it is closed', async () => {
    t.db.$client.prepare(`update campaigns set status = 'closed' where id = ?`).run(campaign.id);
    const agent = await signIn(app, 'daumoi');
    try {
      for (const path of [unitPath, `/officer?campaign=${campaign.id}`]) {
        const res = await agent.get(path);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain('còn 6 ngày');
        expect(res.text).not.toContain('class="countdown"');
        expect(res.text).toContain(msg('officer.countdown.closed'));
      }
    } finally {
      t.db.$client.prepare(`update campaigns set status = 'open' where id = ?`).run(campaign.id);
    }
  });
});
