import { closeCampaign } from '../../src/campaigns/close-campaign';
import { t as msg } from '../../src/i18n/messages';
import { getCampaign } from '../../src/campaigns/campaigns';
import { getCampaignTemplates } from '../../src/campaigns/update-mail-template';
import { parseTemplateOverrides } from '../../src/mail/campaign-templates';
import { defaultTemplate } from '../../src/mail/templates';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign } from '../helpers/invitation-fixtures';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { inWords } from '../helpers/audit';

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

  it('shows the built-in template, its fields and the mail it sends, rendered for a sample person', async () => {
    const res = await admin.get(`${page}?kind=reminder`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(msg('admin.templates.builtIn'));
    expect(res.text).toContain('{loi_chao}\n\n{co_quan_gui} chưa nhận được {loai_phieu}');
    for (const field of ['ho_ten', 'don_vi', 'loai_phieu', 'han_tra_loi', 'duong_dan', 'phieu_khac']) {
      expect(res.text).toContain(`<dt><code>{${field}}</code></dt>`);
    }
    expect(res.text).toContain('[Nhắc lại] Sở Nội vụ kính gửi');
    expect(res.text).toContain('Kính gửi Ông/Bà Nguyễn Văn A,');
    // The preview is the whole mail: its HTML in a sandboxed frame, and its text part.
    expect(res.text).toMatch(/<iframe class="mail-frame" sandbox [^>]*srcdoc="&lt;!doctype html&gt;/);
    expect(res.text).toContain(msg('mail.personalDataNotice', { sender: msg('mail.defaultSender') }));
    // The page's policy lets the frame show the mail's own styles and no other inline style.
    expect(res.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-hashes' 'sha256-/);
  });

  it('refuses unknown fields and code with the line, keeps the text typed, and saves nothing', async () => {
    const token = await csrfFrom(admin, page);
    const body = 'Kính gửi {ho ten},\n\n<%= link %>\n{duong_dan}';
    const res = await admin.post(`${page}/invitation`).type('form').send({ _csrf: token, body });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kính gửi {ho ten},\n\n&lt;%= link %&gt;');
    expect(res.text).toContain('Mẫu thư &#34;Thư mời&#34; có lỗi, chưa lưu:');
    expect(res.text).toContain('<li>Dòng 1: không có trường {ho ten}; có phải {ho_ten}?</li>');
    expect(res.text).toContain('<li>Dòng 3: mẫu thư không còn viết bằng EJS;');
    expect(res.text).toContain('aria-invalid="true"');
    expect(getCampaignTemplates(t.db, campaign.id).invitation.overridden).toBe(false);
  });

  it('previews an edit without saving, saves it, and restores the default', async () => {
    const token = await csrfFrom(admin, page);
    const body = '{loi_chao}\n\nMời trả lời {loai_phieu} trước {han_tra_loi}.\n\n{duong_dan}';
    const preview = await admin
      .post(`${page}/invitation`)
      .type('form')
      .send({ _csrf: token, body: body.replace(/\n/g, '\r\n'), preview: '1' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(
      'Mời trả lời Phiếu lãnh đạo, công chức, viên chức trước 17:00 ngày 04/12/2019.',
    );
    expect(getCampaignTemplates(t.db, campaign.id).invitation.overridden).toBe(false);

    const saved = await admin
      .post(`${page}/invitation`)
      .type('form')
      .send({ _csrf: token, body: body.replace(/\n/g, '\r\n') });
    expect(saved.status).toBe(303);
    expect(getCampaignTemplates(t.db, campaign.id).invitation).toMatchObject({ body, overridden: true });
    const after = await admin.get(saved.headers.location!);
    expect(after.text).toContain(msg('admin.templates.custom'));
    expect(after.text).toContain(msg('admin.templates.saved'));
    const again = await admin.post(`${page}/invitation`).type('form').send({ _csrf: token, body });
    expect((await admin.get(again.headers.location!)).text).toContain(msg('admin.templates.unchanged'));

    const reset = await admin.post(`${page}/invitation/mac-dinh`).type('form').send({ _csrf: token });
    expect(reset.status).toBe(303);
    expect(getCampaignTemplates(t.db, campaign.id).invitation).toEqual({
      body: defaultTemplate('invitation'),
      overridden: false,
      legacy: null,
      errors: [],
    });
    // The audit log names the template in words.
    expect(
      inWords(
        t.db.$client
          .prepare(`select action, detail from audit_log where action like 'mail.templates%' order by id`)
          .all() as Array<{ action: string; detail: string }>,
      ),
    ).toEqual([
      { action: 'mail.templates', detail: 'Thư mời' },
      { action: 'mail.templates_reset', detail: 'Thư mời' },
    ]);
  });

  it('reads an earlier version’s EJS template as plain fields, and asks for an edit where it cannot', async () => {
    const old = {
      invitation: {
        html: '<p>Kính gửi <%= fullName || "Ông/Bà" %>,</p>',
        text: "Kính gửi <%= fullName || 'Ông/Bà' %>,\nMời trả lời tại <%= link %> trước <%= h.dateTime(deadlineAt) %>.",
      },
      reminder: {
        html: '<p>x</p>',
        text: 'Nhắc <%= fullName %>: <%= link %>\n<% if (deadlineAt) { %>sắp hết hạn<% } %>',
      },
    };
    t.db.$client
      .prepare('UPDATE campaigns SET mail_templates = ? WHERE id = ?')
      .run(JSON.stringify(old), campaign.id);
    const templates = getCampaignTemplates(t.db, campaign.id);
    expect(templates.invitation).toEqual({
      body: '{loi_chao}\nMời trả lời tại {duong_dan} trước {han_tra_loi}.',
      overridden: true,
      legacy: 'converted',
      errors: [],
    });
    expect(templates.reminder).toMatchObject({
      body: 'Nhắc {ho_ten}: {duong_dan}\n<% if (deadlineAt) { %>sắp hết hạn<% } %>',
      legacy: 'needs_edit',
      errors: [{ key: 'mail.template.code', params: { line: 2, code: '<% if (deadlineAt) { %>' } }],
    });
    const converted = await admin.get(`${page}?kind=invitation`);
    expect(converted.text).toContain(
      msg('admin.templates.legacyConverted').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
    expect(converted.text).toContain('Mời trả lời tại https://khaosat.example.vn/s/');
    const needsEdit = await admin.get(`${page}?kind=reminder`);
    expect(needsEdit.text).toContain(msg('admin.templates.legacyNeedsEdit'));
    expect(needsEdit.text).toContain('<li>Dòng 2: mẫu thư không còn viết bằng EJS;');
    // Mail goes out from the converted invitation, and from the built-in reminder until that one is edited.
    const overrides = parseTemplateOverrides(getCampaign(t.db, campaign.id).mailTemplates);
    expect(overrides).toEqual({ invitation: templates.invitation.body });

    // Saving one kind leaves the other kinds as they were stored.
    const token = await csrfFrom(admin, page);
    const body = 'Nhắc {ho_ten}: {duong_dan}';
    await admin.post(`${page}/reminder`).type('form').send({ _csrf: token, body });
    expect(JSON.parse(getCampaign(t.db, campaign.id).mailTemplates!)).toEqual({
      invitation: old.invitation,
      reminder: { body },
    });
    t.db.$client.prepare('UPDATE campaigns SET mail_templates = NULL WHERE id = ?').run(campaign.id);
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
    orThrow(closeCampaign(t.db, { campaignId: campaign.id }, { userId: null, name: 'test' }, Date.now()));
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

    const purged = await admin.post(path).type('form').send({ _csrf: token, confirm: 'yes' });
    // The result is a redirect, so a refresh of the page shown never purges again.
    expect(purged.status).toBe(303);
    const done = await admin.get(purged.headers.location!);
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
