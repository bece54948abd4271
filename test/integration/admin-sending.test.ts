import { createApp } from '../../src/app';
import { t as msg } from '../../src/i18n/messages';
import { startMailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, PUBLIC_URL, SUBJECT_2019 } from '../helpers/invitation-fixtures';
import { startTestSmtp } from '../helpers/smtp';
import { csrfFrom, makeUser, signIn } from '../helpers/web';
import { inWords } from '../helpers/audit';

describe('sending invitations from the admin dashboard', () => {
  const t = createTestDb();
  const { campaign } = makeInvitedCampaign(t.db, { units: 2, perUnit: 3 });
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let stopWorker: () => Promise<void>;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 3 });
    const worker = startMailDelivery({
      db: t.db,
      mailer,
      from: 'khaosat@snv.example.vn',
      concurrency: 3,
      ratePerMinute: 1_000_000,
      clock: Date.now,
      tickMs: 20,
    });
    let stopped: Promise<void> | undefined;
    stopWorker = () => (stopped ??= worker.stop().then(() => mailer.close()));
    const app = createApp({ db: t.db, config: testConfig({ PUBLIC_URL }), mailer });
    await makeUser(t.db, 'admin', 'admin');
    admin = await signIn(app, 'admin');
  });
  afterAll(async () => {
    await stopWorker();
    await smtp.close();
    t.cleanup();
  });

  it('says how many invitations will go to how many people before sending, and queues nothing until confirmed', async () => {
    const dashboard = await admin.get(`/admin/campaigns/${campaign.id}`);
    expect(dashboard.text).toContain(`action="/admin/campaigns/${campaign.id}/gui/xac-nhan"`);
    const unit2 = /<option value="(\d+)">Sở số 2<\/option>/.exec(dashboard.text)![1]!;
    const outboxSize = () => t.db.$client.prepare('select count(*) as n from mail_outbox').get();

    const whole = await admin.get(`/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=invitations&unitId=`);
    expect(whole.status).toBe(200);
    expect(whole.text).toContain('data-send-count="6"');
    expect(whole.text).toContain(
      msg('admin.sending.confirm.invitations', {
        mails: 6,
        people: 6,
        scope: msg('admin.sending.confirm.wholeCampaign'),
      }),
    );
    expect(whole.text).toContain(`action="/admin/campaigns/${campaign.id}/gui"`);
    expect(whole.text).toContain(msg('admin.sending.confirm.sendInvitations', { mails: 6 }));

    // A unit past its deadline is left out, and the page says so.
    t.db.$client
      .prepare('update campaign_units set deadline_at = ? where campaign_id = ? and unit_id = ?')
      .run(Date.now() - 60_000, campaign.id, unit2);
    const skipping = await admin.get(`/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=invitations`);
    expect(skipping.text).toContain('data-send-count="3"');
    expect(skipping.text).toContain(msg('admin.sending.confirm.pastDeadline', { n: 3 }));
    const onlyLate = await admin.get(
      `/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=reminders&unitId=${unit2}`,
    );
    expect(onlyLate.text).toContain('data-send-count="0"');
    expect(onlyLate.text).not.toContain('<button type="submit">');
    // Nobody has received an invitation yet: the page does not claim everyone was mailed.
    const scope = /Sở số 2/.exec(onlyLate.text)![0];
    expect(onlyLate.text).toContain(msg('admin.sending.confirm.noneReminders', { scope }));
    expect(onlyLate.text).not.toContain(msg('admin.sending.confirm.none', { scope }));
    t.db.$client
      .prepare('update campaign_units set deadline_at = null where campaign_id = ? and unit_id = ?')
      .run(campaign.id, unit2);

    // A unit whose sending day is still ahead would be mailed earlier than planned: the page says so.
    t.db.$client
      .prepare('update campaign_units set send_on = ? where campaign_id = ? and unit_id = ?')
      .run('2999-01-01', campaign.id, unit2);
    const early = await admin.get(`/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=invitations`);
    expect(early.text).toContain('data-send-count="6"');
    expect(early.text).toContain(msg('admin.sending.confirm.early', { n: 3 }));
    t.db.$client
      .prepare('update campaign_units set send_on = null where campaign_id = ? and unit_id = ?')
      .run(campaign.id, unit2);
    expect((await admin.get(`/admin/campaigns/${campaign.id}/gui/xac-nhan`)).text).not.toContain(
      msg('admin.sending.confirm.early', { n: 3 }),
    );

    expect(outboxSize()).toEqual({ n: 0 });
  });

  it('queues one unit’s invitations, and the progress JSON reaches the total as the SMTP server receives them', async () => {
    const dashboard = await admin.get(`/admin/campaigns/${campaign.id}`);
    expect(dashboard.text).toContain(msg('admin.sending.sendInvitations'));
    expect(dashboard.text).not.toContain(msg('admin.sending.fileMailer'));
    const unitId = /<option value="(\d+)">Sở số 1<\/option>/.exec(dashboard.text)![1]!;
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}`);
    const sent = await admin
      .post(`/admin/campaigns/${campaign.id}/gui`)
      .type('form')
      .send({ _csrf: token, unitId });
    expect(sent.status).toBe(303);
    const progressPage = sent.headers.location!;
    expect(progressPage).toMatch(new RegExp(`^/admin/campaigns/${campaign.id}/gui/[0-9A-Za-z_-]+$`));

    await smtp.waitFor(3);
    let progress: { total: number; done: number; sent: number; finished: boolean } = {
      total: 0,
      done: 0,
      sent: 0,
      finished: false,
    };
    for (let i = 0; i < 200 && !progress.finished; i++) {
      progress = (await admin.get(`${progressPage}/tien-do.json`)).body as typeof progress;
      if (!progress.finished) await new Promise((r) => setTimeout(r, 50));
    }
    expect(progress).toMatchObject({ total: 3, done: 3, sent: 3, finished: true });
    expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'p1-1@don-vi.vn',
      'p1-2@don-vi.vn',
      'p1-3@don-vi.vn',
    ]);
    expect(smtp.received[0]!.subject).toBe(SUBJECT_2019);

    const page = await admin.get(progressPage);
    expect(page.text).toContain(msg('admin.sending.finished'));
    expect(page.text).not.toContain('http-equiv="refresh"');
  });

  it('links an invitation mail in the outbox to its row in the unit’s list, where the address can be fixed', async () => {
    const row = t.db.$client
      .prepare(
        `select id, to_address as email from mail_outbox where kind = 'invitation' order by id limit 1`,
      )
      .get() as { id: number; email: string };
    const page = await admin.get(`/admin/outbox/${row.id}`);
    const link = /href="(\/officer\/units\/\d+\?[^"]+)">/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    expect(page.text).toContain(msg('admin.outbox.toInvitation'));
    const list = await admin.get(link.split('#')[0]!);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<td data-label="Email">${row.email}</td>`);
    expect(list.text).toContain(msg('officer.listCount', { total: 1 }));
  });

  it('sends reminders only to the people who received the invitation and have not answered', async () => {
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}`);
    const res = await admin.post(`/admin/campaigns/${campaign.id}/nhac`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    await smtp.waitFor(6);
    const reminders = smtp.received.slice(3);
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'p1-1@don-vi.vn',
      'p1-2@don-vi.vn',
      'p1-3@don-vi.vn',
    ]);
    expect(reminders.every((m) => m.subject === `[Nhắc lại] ${SUBJECT_2019}`)).toBe(true);
  });

  it('warns before a second round of reminders that the same people were reminded in the last 24 hours', async () => {
    const page = await admin.get(`/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=reminders`);
    expect(page.text).toContain('data-send-count="3"');
    expect(page.text).toContain(
      msg('admin.sending.confirm.recentlyReminded', { n: 3, time: '' }).split('(')[0]!,
    );
    expect(page.text).toContain(`action="/admin/campaigns/${campaign.id}/nhac"`);
  });

  it('refreshes the progress page without script only while the send is running', async () => {
    const token = await csrfFrom(admin, `/admin/campaigns/${campaign.id}`);
    await stopWorker();
    const sent = await admin.post(`/admin/campaigns/${campaign.id}/gui`).type('form').send({ _csrf: token });
    const page = await admin.get(sent.headers.location!);
    expect(page.text).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(page.text).toContain(msg('admin.sending.running'));
    expect(page.text).toContain('/static/send-progress.js');
  });

  it('records each send in the audit log', () => {
    const rows = inWords(
      t.db.$client.prepare(`select action, detail from audit_log where action like 'mail.%'`).all() as Array<{
        action: string;
        detail: string;
      }>,
    );
    expect(rows).toEqual([
      { action: 'mail.send_invitations', detail: '3 thư (DV1)' },
      { action: 'mail.send_reminders', detail: '3 thư (toàn bộ đợt)' },
      { action: 'mail.send_invitations', detail: '3 thư (toàn bộ đợt)' },
    ]);
  });
});
