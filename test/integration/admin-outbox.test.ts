import { t as msg } from '../../src/i18n/messages';
import { enqueueMail } from '../../src/mail/outbox';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';
import { inWords } from '../helpers/audit';

const EVIL = '<script>alert("x")</script>';

describe('admin outbox viewer', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const app = testApp(t.db, t.dir);
  let admin: Awaited<ReturnType<typeof signIn>>;
  let sentId = 0;
  let failedId = 0;

  beforeAll(async () => {
    await makeUser(t.db, 'admin', 'admin');
    admin = await signIn(app, 'admin');
    const base = { campaignId: campaign.id, kind: 'other' as const, text: `Kính gửi ${EVIL}` };
    sentId = enqueueMail(
      t.db,
      { ...base, to: 'an@snv.vn', subject: `Thư ${EVIL}`, html: `<p>Kính gửi ${EVIL}</p>` },
      Date.now() - 1000,
    );
    await deliverDueMail(t.db, createMailer({ mailDir: t.dir }), { from: 'khaosat@snv.example.vn' });
    failedId = enqueueMail(t.db, { ...base, to: 'loi@snv.vn', subject: 'Thư lỗi', html: '<p>x</p>' });
    t.db.$client
      .prepare(
        `update mail_outbox set status = 'failed', attempts = 5, last_error = '421 try later' where id = ?`,
      )
      .run(failedId);
  });
  afterAll(() => t.cleanup());

  it('lists messages newest first with counts by status, escaping what the mail contains', async () => {
    const res = await admin.get(`/admin/outbox?campaign=${campaign.id}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(EVIL);
    expect(res.text).toContain('Thư &lt;script&gt;');
    expect(res.text.indexOf('loi@snv.vn')).toBeLessThan(res.text.indexOf('an@snv.vn'));
    expect(res.text).toMatch(/data-count="sent">1</);
    expect(res.text).toMatch(/data-count="failed">1</);
    expect(res.text).toContain('421 try later');
    expect(res.text).toContain(msg('admin.outbox.fileMailer'));

    const onlyFailed = await admin.get(`/admin/outbox?campaign=${campaign.id}&status=failed`);
    expect(onlyFailed.text).toContain('loi@snv.vn');
    expect(onlyFailed.text).not.toContain('an@snv.vn');
    const noReminders = await admin.get(`/admin/outbox?kind=reminder`);
    expect(noReminders.text).toContain(msg('admin.outbox.empty'));
  });

  it('finds the messages to one person by any part of the address, any case, and keeps the search across pages', async () => {
    for (let i = 0; i < 55; i++) {
      enqueueMail(t.db, {
        campaignId: campaign.id,
        kind: 'other',
        to: `nguoi_${i}@dv.vn`,
        subject: 'Thư hàng loạt',
        html: '<p>x</p>',
        text: 'x',
      });
    }
    const one = await admin.get(`/admin/outbox?campaign=${campaign.id}&q=${encodeURIComponent(' LOI@SNV ')}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('loi@snv.vn');
    expect(one.text).not.toContain('an@snv.vn');
    expect(one.text).toContain('data-outbox-total="1"');
    expect(one.text).toContain('value="LOI@SNV"');
    // "_" is an ordinary character, not a LIKE wildcard.
    const underscore = await admin.get(`/admin/outbox?q=${encodeURIComponent('i_1')}`);
    expect(underscore.text).toContain('data-outbox-total="11"');
    const many = await admin.get(`/admin/outbox?campaign=${campaign.id}&q=nguoi`);
    expect(many.text).toContain('data-outbox-total="55"');
    expect(many.text).toContain(`href="?campaign=${campaign.id}&amp;q=nguoi&amp;page=2"`);
    const none = await admin.get(`/admin/outbox?q=khong-co-ai`);
    expect(none.text).toContain(msg('admin.outbox.noMatch', { q: 'khong-co-ai' }).replace(/"/g, '&#34;'));
  });

  it('shows one message with its HTML in a sandboxed frame and offers the .eml the file mailer wrote', async () => {
    const res = await admin.get(`/admin/outbox/${sentId}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(EVIL);
    expect(res.text).toMatch(
      /<iframe class="mail-frame" sandbox title="[^"]*" srcdoc="&lt;p&gt;Kính gửi &lt;script&gt;/,
    );
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const eml = await admin.get(`/admin/outbox/${sentId}/thu.eml`);
    expect(eml.status).toBe(200);
    expect(eml.headers['content-disposition']).toContain(`thu-${sentId}.eml`);
    expect(eml.text).toContain('an@snv.vn');
    expect((await admin.get(`/admin/outbox/${failedId}/thu.eml`)).status).toBe(404);
  });

  it('puts failed mail back in the queue and sends mail waiting for a retry now, from the retry button, audited', async () => {
    const waitingId = enqueueMail(t.db, {
      campaignId: campaign.id,
      kind: 'other',
      to: 'cho@snv.vn',
      subject: 'Thư chờ gửi lại',
      html: '<p>x</p>',
      text: 'x',
    });
    const later = Date.now() + 3_600_000;
    t.db.$client
      .prepare(
        `update mail_outbox set attempts = 2, last_error = 'ECONNREFUSED', next_attempt_at = ? where id = ?`,
      )
      .run(later, waitingId);
    const token = await csrfFrom(admin, `/admin/outbox?campaign=${campaign.id}`);
    const res = await admin
      .post('/admin/outbox/gui-lai')
      .type('form')
      .send({ _csrf: token, campaign: campaign.id });
    expect(res.status).toBe(303);
    const page = await admin.get(res.headers.location!);
    expect(page.text).toContain(msg('admin.outbox.retried', { count: 1 }));
    expect(page.text).toContain(msg('mail.expedited', { count: 1 }));
    expect(t.db.$client.prepare('select status from mail_outbox where id = ?').get(failedId)).toEqual({
      status: 'queued',
    });
    const waiting = t.db.$client
      .prepare('select next_attempt_at as due from mail_outbox where id = ?')
      .get(waitingId) as {
      due: number;
    };
    expect(waiting.due).toBeLessThan(later);
    expect(
      inWords(
        t.db.$client
          .prepare(`select detail from audit_log where action = 'mail.retry_failed'`)
          .all() as Array<{
          detail: string;
        }>,
      ),
    ).toEqual([{ detail: 'đưa lại 1 thư lỗi vào hàng đợi, gửi ngay 1 thư đang chờ gửi lại' }]);
  });
});
