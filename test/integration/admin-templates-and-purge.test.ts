import { closeCampaign } from '../../src/campaigns/close-campaign';
import { t as msg } from '../../src/i18n/messages';
import { getCampaignTemplates } from '../../src/mail/campaign-templates';
import { defaultTemplate } from '../../src/mail/templates';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign } from '../helpers/invitation-fixtures';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

describe('admin mail templates and the personal-data purge', () => {
  const t = createTestDb();
  const { campaign } = makeInvitedCampaign(t.db, { units: 1, perUnit: 2 });
  const app = testApp(t.db, t.dir);
  const page = `/admin/campaigns/${campaign.id}/mau-thu`;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'admin', 'admin');
    admin = await signIn(app, 'admin');
  });
  afterAll(() => t.cleanup());

  it('shows the built-in template, its variables and a preview rendered with sample data', async () => {
    const res = await admin.get(`${page}?kind=reminder`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(msg('admin.templates.builtIn'));
    expect(res.text).toContain('&lt;%= fullName %&gt;');
    expect(res.text).toContain('Nguyễn Văn A');
    expect(res.text).toContain('[Nhắc lại]');
  });

  it('refuses a template that does not compile, keeps the text typed, and saves nothing', async () => {
    const token = await csrfFrom(admin, page);
    const res = await admin
      .post(`${page}/invitation`)
      .type('form')
      .send({ _csrf: token, html: '<p><%= fullName </p>', text: 'Kính gửi <%= fullName %>' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('&lt;p&gt;&lt;%= fullName &lt;/p&gt;');
    expect(res.text).toMatch(/role="alert" id="template-error">[^<]*Thư mời/);
    expect(getCampaignTemplates(t.db, campaign.id).invitation.overridden).toBe(false);
  });

  it('says what is wrong in a template in Vietnamese: a syntax error, or an unknown variable with its line', async () => {
    const token = await csrfFrom(admin, page);
    const post = (html: string) =>
      admin.post(`${page}/invitation`).type('form').send({ _csrf: token, html, text: 'x' });
    const syntax = await post('<p>Kính gửi</p>\n<% if (fullName { %>x<% } %>');
    expect(syntax.status).toBe(400);
    expect(syntax.text).toContain('sai cú pháp EJS');
    expect(syntax.text).not.toContain('async: true');
    const unknown = await post('<p>Kính gửi</p>\n<p><%= hoTen %></p>');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain(
      'dòng 2: không có biến &#34;hoTen&#34; (xem danh sách các biến dùng được)',
    );
    expect(getCampaignTemplates(t.db, campaign.id).invitation.overridden).toBe(false);
  });

  it('previews an edit without saving, saves it, and restores the default', async () => {
    const token = await csrfFrom(admin, page);
    const edit = {
      html: '<p>Chào <%= fullName %>, <a href="<%= link %>">trả lời</a></p>',
      text: 'Chào <%= fullName %>: <%= link %>',
    };
    const preview = await admin
      .post(`${page}/invitation`)
      .type('form')
      .send({ _csrf: token, ...edit, preview: '1' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Chào Nguyễn Văn A:');
    expect(getCampaignTemplates(t.db, campaign.id).invitation.overridden).toBe(false);

    const saved = await admin
      .post(`${page}/invitation`)
      .type('form')
      .send({ _csrf: token, ...edit });
    expect(saved.status).toBe(303);
    expect(getCampaignTemplates(t.db, campaign.id).invitation).toMatchObject({ ...edit, overridden: true });
    expect((await admin.get(saved.headers.location!)).text).toContain(msg('admin.templates.custom'));

    const reset = await admin.post(`${page}/invitation/mac-dinh`).type('form').send({ _csrf: token });
    expect(reset.status).toBe(303);
    expect(getCampaignTemplates(t.db, campaign.id).invitation).toEqual({
      ...defaultTemplate('invitation'),
      overridden: false,
    });
    // The audit log names the template in words.
    expect(
      t.db.$client
        .prepare(`select action, detail from audit_log where action like 'mail.templates%' order by id`)
        .all(),
    ).toEqual([
      { action: 'mail.templates', detail: 'Thư mời' },
      { action: 'mail.templates_reset', detail: 'Thư mời' },
    ]);
  });

  it('asks for confirmation before closing, and only offers the purge once the campaign is closed', async () => {
    const confirm = await admin.get(`/admin/campaigns/${campaign.id}/chot`);
    expect(confirm.text).toContain(msg('admin.closing.confirmClose'));
    expect(confirm.text).toContain(`action="/admin/campaigns/${campaign.id}/close"`);
    const purgePage = await admin.get(`/admin/campaigns/${campaign.id}/xoa-du-lieu`);
    expect(purgePage.text).toContain('91/2025/QH15');
    expect(purgePage.text).not.toContain(msg('admin.closing.purgeButton'));
  });

  it('purges a closed campaign’s names and emails only after the box is ticked', async () => {
    closeCampaign(t.db, campaign.id, { userId: null, name: 'test' }, Date.now());
    const dashboard = await admin.get(`/admin/campaigns/${campaign.id}`);
    expect(dashboard.text).toContain(`/admin/campaigns/${campaign.id}/xoa-du-lieu`);
    const path = `/admin/campaigns/${campaign.id}/xoa-du-lieu`;
    const token = await csrfFrom(admin, path);
    const unticked = await admin.post(path).type('form').send({ _csrf: token });
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain(msg('admin.closing.confirmRequired'));
    expect(t.db.$client.prepare(`select count(*) as n from respondents where full_name != ''`).get()).toEqual(
      { n: 2 },
    );

    const done = await admin.post(path).type('form').send({ _csrf: token, confirm: 'yes' });
    expect(done.status).toBe(200);
    expect(done.text).toContain(msg('admin.closing.purged', { respondents: 2, mails: 0, files: 0 }));
    expect(t.db.$client.prepare(`select count(*) as n from respondents where full_name != ''`).get()).toEqual(
      { n: 0 },
    );
    expect(
      t.db.$client
        .prepare(`select count(*) as n from audit_log where action = 'campaign.purge_directory'`)
        .get(),
    ).toEqual({ n: 1 });
  });

  it('says the directory was erased, instead of listing blanked rows or offering the purge again', async () => {
    const unitId = (
      t.db.$client
        .prepare('select unit_id as id from campaign_units where campaign_id = ?')
        .get(campaign.id) as { id: number }
    ).id;
    const unit = await admin.get(`/officer/units/${unitId}?campaign=${campaign.id}`);
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('Danh sách người được mời của đợt này đã được xóa lúc');
    expect(unit.text).not.toContain('@invalid');
    expect(unit.text).not.toContain('danh-sach.xlsx');
    const dashboard = await admin.get(`/admin/campaigns/${campaign.id}`);
    expect(dashboard.text).toContain('Đã xóa dữ liệu cá nhân của đợt này lúc');
    // Closed: the counts are frozen, so the page neither polls nor promises a refresh.
    expect(dashboard.text).toContain('Đợt khảo sát đã chốt số phiếu lúc');
    expect(dashboard.text).not.toContain('data-progress-url');
    expect(dashboard.text).not.toContain(msg('admin.dashboard.autoRefresh'));
    expect(dashboard.text).not.toContain(`href="/admin/campaigns/${campaign.id}/xoa-du-lieu"`);
    const purge = await admin.get(`/admin/campaigns/${campaign.id}/xoa-du-lieu`);
    expect(purge.text).toContain('Đã xóa dữ liệu cá nhân của đợt này lúc');
  });

  it('refuses to reopen a purged campaign, and offers no reopen form on its results', async () => {
    const results = await admin.get(`/admin/campaigns/${campaign.id}/results`);
    expect(results.text).not.toContain(`/admin/campaigns/${campaign.id}/reopen`);
    expect(results.text).toContain('Đã xóa dữ liệu cá nhân của đợt này lúc');
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}/results`);
    const res = await admin
      .post(`/admin/campaigns/${campaign.id}/reopen`)
      .type('form')
      .send({ _csrf: token, reason: 'Mở lại để nhận thêm phiếu' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(msg('results.reopenPurged'));
    expect(t.db.$client.prepare('select status from campaigns where id = ?').get(campaign.id)).toEqual({
      status: 'closed',
    });
  });
});
