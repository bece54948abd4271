import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { recordAudit } from '../../src/audit/record-audit';
import { plainDetail, WHOLE_CAMPAIGN } from '../../src/audit/audit-detail';
import { sendDetail } from '../../src/invitations/queue-invitation-mails';
import { t as msg } from '../../src/i18n/messages';
import { getCampaign } from '../../src/campaigns/campaigns';
import { responsesPerDay } from '../../src/responses/read-responses';
import { getCampaignUnit } from '../../src/units/campaign-units';
import { vnDateTime } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { seedSurvey } from '../helpers/survey-data';
import { chooseOwnPassword, csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

describe('admin pages', () => {
  const t = createTestDb();
  const now = Date.parse('2019-11-25T03:00:00Z');
  const { campaign, units } = seedSurvey(t.db, now);
  const app = testApp(t.db, t.dir, { clock: () => now });
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    admin = await signIn(app, 'snv.admin');
  });
  afterAll(() => t.cleanup());

  async function post(path: string, body: Record<string, string | string[]>) {
    const csrf = await csrfFrom(admin, '/admin');
    return admin
      .post(path)
      .type('form')
      .send({ ...body, _csrf: csrf });
  }

  const auditActions = () =>
    t.db.$client.prepare('select action, actor, detail from audit_log order by id').all() as {
      action: string;
      actor: string;
      detail: string;
    }[];

  /** Unit names in the order of the dashboard table's rows. */
  const tableOrder = (html: string) =>
    [...html.matchAll(/<tr data-unit="\d+">\s*<td><a [^>]+>([^<]+)<\/a>/g)].map((m) => m[1]);
  const percents = (html: string) =>
    [...html.matchAll(/data-field="percent">(\d+)%/g)].map((m) => Number(m[1]));

  it('sorts the dashboard table by any column, both ways, without script', async () => {
    const byName = tableOrder((await admin.get(`/admin/campaigns/${campaign.id}`)).text);
    expect(byName).toEqual([...byName].sort((a, b) => a!.localeCompare(b!, 'vi')));
    const desc = percents((await admin.get(`/admin/campaigns/${campaign.id}?sort=percent&dir=desc`)).text);
    expect(desc).toHaveLength(units.length);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = percents((await admin.get(`/admin/campaigns/${campaign.id}?sort=percent&dir=asc`)).text);
    expect(asc).toEqual([...desc].reverse());
    const quota = (await admin.get(`/admin/campaigns/${campaign.id}?sort=quota&dir=desc`)).text;
    const quotas = [...quota.matchAll(/data-field="quota">(\d+)</g)].map((m) => Number(m[1]));
    expect(quotas).toEqual([...quotas].sort((a, b) => b - a));
    expect(quota).toContain('aria-sort="descending"');
  });

  it('keeps the admin navigation on a unit opened from the dashboard, with a way back to the campaign', async () => {
    const dashboard = (await admin.get(`/admin/campaigns/${campaign.id}`)).text;
    const href = /<tr data-unit="\d+">\s*<td><a href="([^"]+)">/.exec(dashboard)![1]!.replace(/&amp;/g, '&');
    const unit = (await admin.get(href)).text;
    expect(unit).toContain('href="/admin/outbox"');
    expect(unit).not.toContain(msg('officer.nav.units'));
    expect(unit).toContain(`<p class="crumbs"><a href="/admin/campaigns/${campaign.id}">‹ `);
  });

  it('filters the dashboard to one unit group', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}?group=ubnd_huyen`)).text;
    expect(tableOrder(html).sort()).toEqual(['UBND huyện Mỹ Tú', 'UBND thị xã Vĩnh Châu']);
  });

  it('draws an accessible SVG bar chart with one bar per unit and a timeline of responses per day', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}`)).text;
    const chart = /<svg class="chart" role="img" aria-labelledby="bar-chart-title"[\s\S]*?<\/svg>/.exec(
      html,
    )![0];
    expect(chart).toContain('<title id="bar-chart-title">Tỷ lệ trả lời so với chỉ tiêu theo đơn vị</title>');
    expect(chart.match(/<rect class="chart-bar/g)).toHaveLength(units.length);
    for (const u of units) expect(chart).toContain(`data-unit="${u.id}"`);
    const days = { n: responsesPerDay(t.db, campaign.id).length };
    expect(days.n).toBeGreaterThan(1);
    const timeline = /<svg class="chart" role="img" aria-labelledby="timeline-title"[\s\S]*?<\/svg>/.exec(
      html,
    )![0];
    expect(timeline.match(/<g class="chart-day">/g)!.length).toBeGreaterThanOrEqual(days.n);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)[^"]*\.js/);
  });

  it('serves live counts as JSON for the auto-refresh script', async () => {
    const res = await admin.get(`/admin/campaigns/${campaign.id}/progress.json`);
    expect(res.status).toBe(200);
    const answered = t.db.$client
      .prepare('select count(*) as n from invitations where campaign_id = ? and answered_on is not null')
      .get(campaign.id) as { n: number };
    expect(res.body.totals.answered).toBe(answered.n);
    expect(res.body.units).toHaveLength(units.length);
    // Each unit's status in words too, so the refreshed table says who is behind as the page does.
    for (const u of res.body.units) {
      expect(['reached', 'behind', 'listShort', 'overdue']).toContain(u.status);
      expect(u.statusLabel).toBe(msg(`campaigns.unitStatus.${u.status as 'behind'}`));
      expect(Array.isArray(u.notes)).toBe(true);
    }
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('creates, edits and opens a campaign, each recorded in the audit log', async () => {
    const bad = await post('/admin/campaigns', { name: 'x', year: '1999' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Tên đợt khảo sát cần ít nhất 3 ký tự.');
    expect(bad.text).toContain('Năm đánh giá phải từ 2000 đến 2100.');
    const created = await post('/admin/campaigns', {
      name: 'Khảo sát trực tuyến Chỉ số CCHC 2020',
      year: '2020',
      opensAt: '2020-11-20T08:00',
      closesAt: '2020-12-04T17:00',
      reminderDaysBefore: '3',
    });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)$/.exec(String(created.headers.location))![1]);
    const c = getCampaign(t.db, id);
    expect(c.mailSubject).toBe('Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2020');
    expect(c.closesAt).toBe(vnDateTime('2020-12-04', 17, 0));
    expect(c.reminderDaysBefore).toBe(3);
    const reversed = await post(`/admin/campaigns/${id}/edit`, {
      name: c.name,
      year: '2020',
      mailSubject: c.mailSubject,
      opensAt: '2020-12-05T08:00',
      closesAt: '2020-12-04T17:00',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('Thời điểm kết thúc phải sau thời điểm bắt đầu.');
    const edited = await post(`/admin/campaigns/${id}/edit`, {
      name: 'Khảo sát CCHC 2020 (đợt 1)',
      year: '2020',
      mailSubject: 'Sở Nội vụ kính gửi Phiếu khảo sát 2020',
      opensAt: '',
      closesAt: '2020-12-10T17:00',
      reminderDaysBefore: '',
    });
    expect(edited.status).toBe(303);
    expect(getCampaign(t.db, id)).toMatchObject({
      name: 'Khảo sát CCHC 2020 (đợt 1)',
      reminderDaysBefore: null,
    });
    expect((await admin.get(`/admin/campaigns/${id}`)).text).toContain('Mở đợt khảo sát');
    expect((await post(`/admin/campaigns/${id}/open`, {})).status).toBe(303);
    expect(getCampaign(t.db, id).status).toBe('open');
    const actions = auditActions()
      .filter((a) => a.actor === 'snv.admin')
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['campaign.create', 'campaign.update', 'campaign.open']));
  });

  it('says before opening a draft how many invitations go out at once, later, by hand and never', async () => {
    const draft = makeCampaign(t.db, { open: false });
    // now is 10:00 on 2019-11-25 in Vietnam.
    const due = makeUnit(t.db, draft.id, { code: 'MO-NAY', sendOn: '2019-11-25' });
    const ahead = makeUnit(t.db, draft.id, { code: 'MO-SAU', sendOn: '2019-11-28' });
    const byHand = makeUnit(t.db, draft.id, { code: 'MO-TAY' });
    const late = makeUnit(t.db, draft.id, { code: 'MO-TRE', sendOn: '2019-11-01', deadlineAt: now - 1 });
    let n = 0;
    for (const [unit, people] of [
      [due, 3],
      [ahead, 2],
      [byHand, 1],
      [late, 4],
    ] as const) {
      for (let i = 0; i < people; i++) makeRespondent(t.db, draft.id, unit.id, { email: `mo${n++}@dv.vn` });
    }
    const dashboard = (await admin.get(`/admin/campaigns/${draft.id}`)).text;
    expect(dashboard).toContain(`href="/admin/campaigns/${draft.id}/mo"`);
    expect(dashboard).not.toContain(`action="/admin/campaigns/${draft.id}/open"`);

    const page = (await admin.get(`/admin/campaigns/${draft.id}/mo`)).text;
    expect(page).toContain('data-open-now="3"');
    expect(page).toContain(msg('admin.opening.sendNow', { mails: 3, people: 3, units: 1 }));
    expect(page).toContain(msg('admin.opening.later', { mails: 2, units: 1, day: '28/11/2019' }));
    expect(page).toContain(msg('admin.opening.manual', { mails: 1, units: 1 }).replace(/"/g, '&#34;'));
    expect(page).toContain(msg('admin.opening.pastDeadline', { mails: 4, units: 1 }));
    expect(page).toContain(`action="/admin/campaigns/${draft.id}/open"`);
    expect(getCampaign(t.db, draft.id).status).toBe('draft');
  });

  it('edits a unit’s send date, deadline and quotas with validation', async () => {
    const unit = units[0]!;
    const path = `/admin/campaigns/${campaign.id}/units/${unit.id}`;
    const before = getCampaignUnit(t.db, campaign.id, unit.id);
    const negative = await post(path, {
      sendOn: '2019-11-20',
      deadlineDate: '2019-12-04',
      quota_cbcc: '-1',
      quota_hdnd: '0',
    });
    expect(negative.status).toBe(400);
    expect(negative.text).toContain('Chỉ tiêu phải là số nguyên từ 0 trở lên.');
    const backwards = await post(path, {
      sendOn: '2019-12-05',
      deadlineDate: '2019-12-04',
      quota_cbcc: '5',
      quota_hdnd: '0',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('Hạn trả lời không được trước ngày gửi phiếu.');
    expect(getCampaignUnit(t.db, campaign.id, unit.id)).toEqual(before);
    const ok = await post(path, {
      sendOn: '2019-11-20',
      deadlineDate: '2019-12-04',
      deadlineTime: '17:00',
      quota_cbcc: '15',
      quota_hdnd: '2',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(
      `/admin/campaigns/${campaign.id}/units?saved=${unit.id}#unit-${unit.id}`,
    );
    const saved = (await admin.get(ok.headers.location!.split('#')[0]!)).text;
    expect(saved).toContain(`Đã lưu ngày gửi phiếu, hạn trả lời và chỉ tiêu của ${unit.name}.`);
    expect(saved).toContain(`<tr id="unit-${unit.id}" class="acted">`);
    expect(getCampaignUnit(t.db, campaign.id, unit.id)).toMatchObject({
      sendOn: '2019-11-20',
      deadlineAt: vnDateTime('2019-12-04', 17, 0),
      quotas: { cbcc: 15, hdnd: 2 },
    });
    const list = (await admin.get(`/admin/campaigns/${campaign.id}/units`)).text;
    expect(list).toContain('17:00 ngày 04/12/2019');
    expect(auditActions().at(-1)).toMatchObject({ action: 'unit.update' });
    expect(auditActions().at(-1)!.detail).toContain('cbcc=15');
  });

  it('keeps a closed campaign’s units, quotas, deadlines and lists as they were frozen, saying to reopen it', async () => {
    const own = makeCampaign(t.db);
    const unit = makeUnit(t.db, own.id, { code: 'CHOT', quotas: { cbcc: 7, hdnd: 0 } });
    t.db.$client.prepare(`update campaigns set status = 'closed' where id = ?`).run(own.id);
    const list = (await admin.get(`/admin/campaigns/${own.id}/units`)).text;
    expect(list).toContain(msg('admin.units.closed'));
    expect(list).toMatch(/>Xem<span class="visually-hidden"> Đơn vị CHOT<\/span><\/a>/);
    const edit = (await admin.get(`/admin/campaigns/${own.id}/units/${unit.id}`)).text;
    expect(edit).toContain('<fieldset class="plain" disabled>');
    expect(edit).not.toContain(`<button type="submit">${msg('admin.save')}</button>`);
    const posted = await post(`/admin/campaigns/${own.id}/units/${unit.id}`, {
      sendOn: '',
      deadlineDate: '',
      quota_cbcc: '1',
      quota_hdnd: '0',
    });
    expect(posted.status).toBe(409);
    expect(posted.text).toContain(msg('admin.units.closed'));
    expect(getCampaignUnit(t.db, own.id, unit.id).quotas).toEqual({ cbcc: 7, hdnd: 0 });
    const imports = (await admin.get(`/admin/campaigns/${own.id}/imports`)).text;
    expect(imports).toContain(msg('admin.units.closed'));
    expect(imports).not.toContain('enctype="multipart/form-data"');
  });

  it('lists units by group in the index’s order and by code, with the form types written the Vietnamese way', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}/units`)).text;
    expect(html).toContain('Chỉ tiêu HĐND');
    expect(html).not.toContain('Chỉ tiêu HDND');
    const groups = [
      ...html.matchAll(
        /<td>(Sở, ban ngành|UBND cấp huyện|Đơn vị sự nghiệp công lập|Cơ quan Trung ương[^<]*)<\/td>/g,
      ),
    ].map((m) => m[1]);
    const order = ['Sở, ban ngành', 'UBND cấp huyện', 'Đơn vị sự nghiệp công lập'];
    const rank = (g: string | undefined) => (order.indexOf(g!) < 0 ? 3 : order.indexOf(g!));
    expect(groups.length).toBe(units.length);
    expect(groups.map(rank)).toEqual(groups.map(rank).sort((a, b) => a - b));
  });

  it('orders units with numbers naturally ("Phường 2" before "Phường 10") on the dashboard, units page and results', async () => {
    const own = makeCampaign(t.db);
    for (const n of [10, 2, 1]) {
      makeUnit(t.db, own.id, { code: `P${n}`, name: `UBND Phường ${n}`, group: 'ubnd_huyen' });
    }
    const expected = ['UBND Phường 1', 'UBND Phường 2', 'UBND Phường 10'];
    expect(tableOrder((await admin.get(`/admin/campaigns/${own.id}`)).text)).toEqual(expected);
    const listed = (await admin.get(`/admin/campaigns/${own.id}/units`)).text;
    expect([...listed.matchAll(/<td>(P\d+)<\/td>/g)].map((m) => m[1])).toEqual(['P1', 'P2', 'P10']);
    const results = (await admin.get(`/admin/campaigns/${own.id}/results`)).text;
    expect(expected.map((name) => results.indexOf(`${name}</a>`))).toEqual(
      expected.map((name) => results.indexOf(`${name}</a>`)).sort((a, b) => a - b),
    );
    expect(results.indexOf('UBND Phường 1</a>')).toBeGreaterThan(0);
  });

  it('shows each form type’s questionnaire with points and option fractions', async () => {
    const html = (await admin.get(`/admin/campaigns/${campaign.id}/forms`)).text;
    expect(html).toContain('Phiếu lãnh đạo, công chức, viên chức');
    expect(html).toContain('Phiếu đại biểu HĐND');
    expect(html).toMatch(/\d+(,\d+)? điểm/);
    expect(html).toContain('— 60%');
  });

  it('creates an officer with a generated password shown once, assigns units, resets and disables', async () => {
    const created = await post('/admin/users', {
      username: 'Daumoi.STC',
      displayName: 'Trần Văn Bốn',
      role: 'officer',
      password: '',
      unitIds: [String(units[1]!.id), String(units[2]!.id)],
    });
    // The POST ends in a redirect (a refresh issues nothing more) to a page that shows the password once.
    expect(created.status).toBe(303);
    const shown = await admin.get(created.headers.location!);
    const password = /<code>([^<]+)<\/code>/.exec(shown.text)![1]!;
    const secondView = await admin.get(created.headers.location!);
    expect(secondView.text).toContain(msg('admin.users.passwordGone'));
    expect(secondView.text).not.toContain(password);
    expect(password).toHaveLength(16);
    // An issued password leads to the change-password page first; then the officer uses their own.
    const own = `${password}-cua-toi`;
    const officer = await signIn(app, 'daumoi.stc', password);
    expect((await officer.get('/officer')).headers.location).toBe('/doi-mat-khau');
    await chooseOwnPassword(officer, password, own);
    expect((await officer.get(`/officer/units/${units[2]!.id}`)).status).toBe(200);
    const users = (await admin.get('/admin/users')).text;
    expect(users).toContain('STC, SYT');
    expect(users).not.toContain(password);

    const id = Number(/href="\/admin\/users\/(\d+)">daumoi\.stc/.exec(users)![1]);
    expect((await post(`/admin/users/${id}/units`, { unitIds: String(units[1]!.id) })).status).toBe(303);
    expect((await officer.get(`/officer/units/${units[2]!.id}`)).status).toBe(404);

    const reset = await post(`/admin/users/${id}/password`, {});
    expect(reset.status).toBe(303);
    const fresh = /<code>([^<]+)<\/code>/.exec((await admin.get(reset.headers.location!)).text)![1]!;
    expect(fresh).not.toBe(password);
    expect((await officer.get('/officer')).status).toBe(303);
    await expect(signIn(app, 'daumoi.stc', own)).rejects.toThrow('failed with 401');
    // A reset password is issued too: the page asks for a new one again.
    const again = await signIn(app, 'daumoi.stc', fresh);
    expect((await again.get('/officer')).headers.location).toBe('/doi-mat-khau');

    expect((await post(`/admin/users/${id}/disable`, {})).status).toBe(303);
    await expect(signIn(app, 'daumoi.stc', fresh)).rejects.toThrow('failed with 401');
    expect((await post(`/admin/users/${id}/enable`, {})).status).toBe(303);
    await signIn(app, 'daumoi.stc', fresh);

    const actions = auditActions().map((a) => a.action);
    for (const a of ['user.create', 'user.units', 'user.password_reset', 'user.disable', 'user.enable']) {
      expect(actions).toContain(a);
    }
    expect(JSON.stringify(auditActions())).not.toContain(fresh);
  });

  it('says what was done to which account after each action, and warns of an officer left without units', async () => {
    const created = await post('/admin/users', {
      username: 'daumoi.moi',
      role: 'officer',
      password: 'mot-mat-khau-du-dai',
    });
    expect(created.status).toBe(303);
    const id = Number(/user=(\d+)/.exec(created.headers.location!)![1]);
    const list = (await admin.get(created.headers.location!.split('#')[0]!)).text;
    expect(list).toContain('Đã tạo tài khoản daumoi.moi.');
    expect(list).toContain('Tài khoản công chức đầu mối daumoi.moi chưa được gán đơn vị nào');
    expect(list).toContain(`<tr id="user-${id}" class="acted">`);

    const assigned = await post(`/admin/users/${id}/units`, { unitIds: String(units[0]!.id) });
    const afterUnits = (await admin.get(assigned.headers.location!.split('#')[0]!)).text;
    expect(afterUnits).toContain('Đã lưu đơn vị phụ trách của daumoi.moi.');
    expect(afterUnits).not.toContain('chưa được gán đơn vị nào');
    const locked = await post(`/admin/users/${id}/disable`, {});
    expect((await admin.get(locked.headers.location!.split('#')[0]!)).text).toContain(
      'Đã khóa tài khoản daumoi.moi',
    );
    const unlocked = await post(`/admin/users/${id}/enable`, {});
    expect((await admin.get(unlocked.headers.location!.split('#')[0]!)).text).toContain(
      'Đã mở khóa tài khoản daumoi.moi.',
    );
  });

  it('asks before resetting a password or locking an account, on the account’s page, under the admin’s own name', async () => {
    const id = /href="\/admin\/users\/(\d+)">daumoi\.moi/.exec((await admin.get('/admin/users')).text)![1];
    const page = (await admin.get(`/admin/users/${id}`)).text;
    expect(page).toContain(msg('admin.users.resetConfirm', { username: 'daumoi.moi' }));
    expect(page).toContain(msg('admin.users.disableConfirm', { username: 'daumoi.moi' }));
    // The header still names the admin who is signed in, not the account on the page.
    expect(page).toContain('<span class="user-name">snv.admin</span>');
    expect(page).not.toContain('<span class="user-name">daumoi.moi</span>');
    // The buttons that act sit inside closed disclosures.
    expect(page).toMatch(/<details class="confirm-action">\s*<summary[^>]*>Cấp lại mật khẩu…<\/summary>/);
    expect(page).toMatch(/<details class="confirm-action">\s*<summary[^>]*>Khóa tài khoản…<\/summary>/);
  });

  it('refuses a weak password, a taken username and disabling oneself', async () => {
    const weak = await post('/admin/users', { username: 'yeu', role: 'officer', password: 'ngan' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
    const taken = await post('/admin/users', {
      username: 'snv.admin',
      role: 'admin',
      password: 'mot-mat-khau-dai',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('đã được dùng');
    const self = /href="\/admin\/users\/(\d+)">snv\.admin/.exec((await admin.get('/admin/users')).text)![1];
    const res = await post(`/admin/users/${self}/disable`, {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('Bạn không thể tự khóa tài khoản của mình.');
  });

  it('pages through the audit log, newest first', async () => {
    for (let i = 0; i < 60; i++) {
      recordAudit(
        t.db,
        { userId: null, name: 'cli' },
        'campaign.update',
        { detail: plainDetail(`mục ${i}`) },
        now + i,
      );
    }
    const first = (await admin.get('/admin/audit')).text;
    expect(first).toContain('mục 59');
    expect(first).not.toContain('mục 5<');
    expect(first).toMatch(/Trang 1\/\d/);
    const second = (await admin.get('/admin/audit?page=2')).text;
    expect(second).toContain('mục 5<');
    expect(second).toContain('Sửa đợt khảo sát');
  });

  it('filters the audit log by campaign and by person, naming each campaign, and keeps the filter across pages', async () => {
    const other = makeCampaign(t.db);
    t.db.$client.prepare('update campaigns set name = ? where id = ?').run('Đợt lọc nhật ký', other.id);
    for (let i = 0; i < 55; i++) {
      recordAudit(
        t.db,
        { userId: null, name: 'daumoi.loc' },
        'mail.remind',
        { campaignId: other.id, detail: plainDetail(`lọc ${i}`) },
        now + 100 + i,
      );
    }
    recordAudit(
      t.db,
      { userId: null, name: 'cli' },
      'campaign.update',
      { campaignId: other.id, detail: plainDetail('của cli') },
      now + 200,
    );
    const byCampaign = (await admin.get(`/admin/audit?campaign=${other.id}`)).text;
    expect(byCampaign).toContain('của cli');
    expect(byCampaign).not.toContain('mục 59');
    expect(byCampaign).toContain(`<a href="/admin/campaigns/${other.id}">Đợt lọc nhật ký</a>`);
    expect(byCampaign).toContain(`href="?campaign=${other.id}&amp;page=2"`);
    const byActor = (await admin.get(`/admin/audit?campaign=${other.id}&actor=daumoi.loc`)).text;
    expect(byActor).toContain('lọc 54');
    expect(byActor).not.toContain('của cli');
    expect(byActor).toContain('<option value="daumoi.loc" selected>');
    const none = (await admin.get(`/admin/audit?actor=khong-ai`)).text;
    expect(none).toContain(msg('admin.audit.noMatch'));
  });

  it('words each detail in the reader’s language, and shows an entry stored before details had keys as it was', async () => {
    t.db.$client
      .prepare(
        `insert into audit_log (at, user_id, actor, action, campaign_id, detail)
         values (?, null, 'ghi.cu', 'mail.send_invitations', null, '7 thư (toàn bộ đợt)')`,
      )
      .run(now + 500);
    recordAudit(
      t.db,
      { userId: null, name: 'ghi.cu' },
      'mail.send_reminders',
      { detail: sendDetail(1234, WHOLE_CAMPAIGN) },
      now + 501,
    );
    const detail = (html: string) =>
      [...html.matchAll(/<td class="audit-detail">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(detail((await admin.get('/admin/audit?actor=ghi.cu')).text)).toEqual([
      '1.234 thư (toàn bộ đợt)',
      '7 thư (toàn bộ đợt)',
    ]);
    await admin.get('/admin/audit?lang=en');
    try {
      expect(detail((await admin.get('/admin/audit?actor=ghi.cu')).text)).toEqual([
        '1,234 messages (whole campaign)',
        '7 thư (toàn bộ đợt)',
      ]);
    } finally {
      await admin.get('/admin/audit?lang=vi');
    }
  });

  it('names in words every action the app records in the audit log, in Vietnamese and English', async () => {
    // Every action code written by a recordAudit caller, plus those it builds: the CLI imports' `import.${kind}`,
    // a held answer's decision.
    const codes = new Set([
      'import.units',
      'import.respondents',
      'interview.accept',
      'interview.reject',
      'open_answer.accept',
      'open_answer.reject',
    ]);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
      });
    for (const file of walk(path.join(__dirname, '../../src'))) {
      const source = fs.readFileSync(file, 'utf8');
      if (!source.includes('recordAudit(')) continue;
      for (const m of source.matchAll(
        /'((?:campaign|mail|unit|user|import|open_link|enumerator|report|database)\.[a-z_]+)'/g,
      ))
        codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(20);
    const own = createTestDb();
    try {
      const ownApp = testApp(own.db, own.dir, { clock: () => now });
      await makeUser(own.db, 'snv.audit', 'admin');
      const agent = await signIn(ownApp, 'snv.audit');
      for (const code of codes)
        recordAudit(own.db, { userId: null, name: 'cli' }, code, { detail: plainDetail('x') }, now);
      const raw = (html: string) => [...codes].filter((code) => html.includes(`<td>${code}</td>`));
      expect(raw((await agent.get('/admin/audit')).text)).toEqual([]);
      await agent.get('/admin/audit?lang=en');
      const english = (await agent.get('/admin/audit')).text;
      expect(english).toContain('<html lang="en"');
      expect(raw(english)).toEqual([]);
    } finally {
      own.cleanup();
    }
  });

  it('sends anonymous visitors of / to login and signed-in users to their home', async () => {
    expect((await request(app).get('/')).headers.location).toBe('/dang-nhap');
    expect((await admin.get('/')).headers.location).toBe('/admin');
    makeCampaign(t.db, { year: 2021, open: false });
    expect((await admin.get('/admin')).text).toContain('Chỉ số CCHC 2021');
  });
});
