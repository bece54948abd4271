import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app';
import { t as msg } from '../../src/i18n/messages';
import { startMailDelivery, type MailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer, type Mailer } from '../../src/mail/transport';
import { browserAvailable, collectProblems, launchBrowser, signInAt } from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeXlsx } from '../helpers/import-files';
import { startTestSmtp } from '../helpers/smtp';
import { makeUser } from '../helpers/web';

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const run = browserAvailable() ? describe : describe.skip;
const PEOPLE = 12;
const BOUNCED = 'nguoi3@soctrang.gov.vn';

run('admin imports respondents and sends the invitations in a real browser', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const units = [
    makeUnit(t.db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ', quotas: { cbcc: 8, hdnd: 0 } }),
    makeUnit(t.db, campaign.id, { code: 'VCHAU', name: 'UBND thị xã Vĩnh Châu', group: 'ubnd_huyen' }),
  ];
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let mailer: Mailer;
  let worker: MailDelivery;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // One address the server refuses as unknown: the progress must say so, not "done" in green.
    smtp = await startTestSmtp({ rejectRecipients: [BOUNCED] });
    const config = testConfig();
    mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 4 });
    // A modest rate so the progress bar is seen moving before it reaches 100%.
    worker = startMailDelivery({
      db: t.db,
      mailer,
      from: config.MAIL_FROM,
      concurrency: 2,
      ratePerMinute: 600,
      clock: Date.now,
      tickMs: 50,
    });
    await makeUser(t.db, 'snv.admin', 'admin');
    server = createApp({ db: t.db, config, mailer }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    await worker.stop();
    mailer.close();
    await smtp.close();
    t.cleanup();
  });

  it('uploads an XLSX list, reads the dry-run report, commits, sends and watches the progress say what bounced', async () => {
    const rows: unknown[][] = [['Địa chỉ email', 'Họ và tên', 'Mã ĐV', 'Loại phiếu khảo sát']];
    for (let i = 1; i <= PEOPLE; i++) {
      rows.push([`nguoi${i}@soctrang.gov.vn`, `Người số ${i}`, units[i % 2]!.code, 'cbcc']);
    }
    rows.push(['sai-dia-chi', 'Địa chỉ sai', 'SNV', 'cbcc']);
    rows.push(['khong-don-vi@soctrang.gov.vn', 'Không có đơn vị', 'XYZ', 'cbcc']);
    const file = await writeXlsx(t.dir, 'nguoi-khao-sat.xlsx', [{ name: 'Danh sách', rows }]);

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = collectProblems(page);
    const imports = `${base}/admin/campaigns/${campaign.id}/imports`;
    await signInAt(page, imports, 'snv.admin');

    await page.setInputFiles('#file-respondents', file);
    await Promise.all([
      page.waitForURL(/\/imports\/[0-9A-Za-z_-]+$/),
      page.click('#import-respondents button[type=submit]'),
    ]);
    await expect(page.locator('[data-report="valid"]').textContent()).resolves.toBe(String(PEOPLE));
    await expect(page.locator('[data-summary="invitationsCreated"]').textContent()).resolves.toBe(
      String(PEOPLE),
    );
    await expect(page.locator('table.import-errors tbody tr').count()).resolves.toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'admin-import-report.png'), fullPage: true });

    await page.click(`button:text-is("${msg('admin.imports.commit', { n: PEOPLE })}")`);
    await page.getByText(msg('admin.imports.doneNotice')).waitFor();
    // Six people for each unit's quota of 8 and 10: the report says both lists are short.
    await expect(page.locator('[data-short-list]').count()).resolves.toBe(2);

    await page.goto(`${base}/admin/campaigns/${campaign.id}`);
    await Promise.all([
      page.waitForURL(/\/gui\/xac-nhan\?/),
      page.click(`button:text-is("${msg('admin.sending.sendInvitations')}")`),
    ]);
    await expect(page.locator('[data-send-count]').getAttribute('data-send-count')).resolves.toBe(
      String(PEOPLE),
    );
    await Promise.all([
      page.waitForURL(/\/gui\/[0-9A-Za-z_-]+$/),
      page.click(`button:text-is("${msg('admin.sending.confirm.sendInvitations', { mails: PEOPLE })}")`),
    ]);
    const outcome = msg('admin.sending.outcome', { sent: PEOPLE - 1, bounced: 1, failed: 0 });
    await page
      .locator(`#send-status.warn-text:text-is("${msg('admin.sending.finished')} ${outcome}")`)
      .waitFor({ timeout: 20_000 });
    // The bar in two colours: the delivered share, then the bounced one.
    const width = (k: string) => page.locator(`#send-bar [data-segment="${k}"]`).getAttribute('width');
    await expect(width('sent')).resolves.toBe(((100 * (PEOPLE - 1)) / PEOPLE).toFixed(2));
    await expect(width('bounced')).resolves.toBe((100 / PEOPLE).toFixed(2));
    await expect(page.locator('[data-count="sent"]').textContent()).resolves.toBe(String(PEOPLE - 1));
    await expect(page.locator('#send-failures').getAttribute('href')).resolves.toBe(
      `/admin/outbox?campaign=${campaign.id}&status=problems`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'admin-send-progress.png'), fullPage: true });
    await page.click('#send-failures');
    await expect(page.locator('table tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('[data-reason="mailboxUnknown"]').count()).resolves.toBe(1);

    await smtp.waitFor(PEOPLE - 1);
    expect(smtp.received).toHaveLength(PEOPLE - 1);
    expect(new Set(smtp.received.map((m) => m.envelopeTo[0])).size).toBe(PEOPLE - 1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
