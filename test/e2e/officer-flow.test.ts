import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { projectRoot } from '../../src/paths';
import { vnDateTime, vnDay } from '../../src/time';
import { browserAvailable, collectProblems, launchBrowser, signInAt } from '../helpers/browser';
import { fillForm } from '../helpers/browser-survey';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { startTestSmtp } from '../helpers/smtp';
import { waitUntil } from '../helpers/wait';
import { makeUser } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const SHOTS = path.join(projectRoot, 'docs', 'screenshots');
const DAY = 24 * 3600_000;
const WRONG = 'ng.van.tam@soctrang.gov';
const FIXED = 'nguyen.van.tam@soctrang.gov.vn';
const run = browserAvailable() ? describe : describe.skip;

run('a focal officer following answers and fixing a bounced address in a real browser', () => {
  const t = createTestDb();
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let server: http.Server;
  let browser: Browser;
  let origin: string;
  let mailer: ReturnType<typeof createMailer>;
  let config: ReturnType<typeof testConfig>;
  let unitId: number;
  const deliver = () => deliverDueMail(t.db, mailer, { from: config.MAIL_FROM, limit: 100 });

  beforeAll(async () => {
    smtp = await startTestSmtp({ rejectRecipients: [WRONG] });
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config = testConfig({ PUBLIC_URL: origin });
    mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
    server.on('request', createApp({ db: t.db, config, mailer, surveyRateLimit: false }));

    const campaign = makeCampaign(t.db);
    const unit = makeUnit(t.db, campaign.id, {
      code: 'MXUYEN',
      name: 'UBND huyện Mỹ Xuyên',
      group: 'ubnd_huyen',
      deadlineAt: vnDateTime(vnDay(Date.now() + 6 * DAY), 17, 0),
      quotas: { cbcc: 8, hdnd: 3 },
    });
    unitId = unit.id;
    const people: [string, string, string[]][] = [
      ['Trần Thị Bích', 'tran.thi.bich@soctrang.gov.vn', ['cbcc']],
      ['Nguyễn Văn Tâm', WRONG, ['cbcc']],
      ['Lý Thị Hoa', 'ly.thi.hoa@soctrang.gov.vn', ['cbcc', 'hdnd']],
      ['Danh Sơn', 'danh.son@soctrang.gov.vn', ['cbcc']],
    ];
    for (const [fullName, email, formTypes] of people) {
      makeRespondent(t.db, campaign.id, unit.id, { email, fullName, formTypes });
    }
    await makeUser(t.db, 'daumoi.myxuyen', 'officer', [unit.id]);
    orThrow(sendInvitations(t.db, { campaignId: campaign.id, publicUrl: origin }, SYSTEM_ACTOR, Date.now()));
    await deliver();
    await smtp.waitFor(4); // five invitations, one bounced
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    mailer.close();
    await smtp.close();
    t.cleanup();
  });

  const answeredTotal = async (page: Page) =>
    (await page.locator('[data-answered]').allTextContents()).reduce((sum, n) => sum + Number(n), 0);

  it('sees an answer arrive, then fixes the bounced address and the new mail reaches the new address', async () => {
    const officer = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = collectProblems(officer);
    await signInAt(officer, `${origin}/officer/units/${unitId}`, 'daumoi.myxuyen');
    expect(await answeredTotal(officer)).toBe(0);
    expect(await officer.locator('.mail-problems').textContent()).toContain(
      '1 thư mời bị trả lại hoặc gửi lỗi',
    );

    // A respondent follows the link of a mail they really received and answers whatever form it opens.
    const respondent = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const form = await respondent.newPage();
    const link = new RegExp(`${origin}/s/[\\w-]{22}`).exec(smtp.received[0]!.text ?? '')![0];
    await form.goto(link);
    // At 390 px a section heading wraps; it sits inside its card, not across the card's top border.
    const sections = await form.locator('.survey-section').all();
    for (const section of sections) {
      const card = (await section.boundingBox())!;
      const heading = (await section.locator('> legend').boundingBox())!;
      expect(heading.y).toBeGreaterThan(card.y);
    }
    await fillForm(form);
    await form.getByRole('button', { name: 'Gửi phiếu khảo sát' }).click();
    await form.waitForURL(`${link}/cam-on`);

    await officer.reload();
    expect(await answeredTotal(officer)).toBe(1);

    // The bounced row, with the server's reason, from the problems card.
    await officer.getByRole('link', { name: 'Xem và sửa các thư lỗi' }).click();
    const row = officer.locator('table.invitations tbody tr', { hasText: WRONG });
    await expect(row.locator('.badge').textContent()).resolves.toBe('Bị trả lại');
    // The reason in words with what to do; the server's English is for the admin only.
    await expect(row.locator('.failure').textContent()).resolves.toContain('Hộp thư không tồn tại');
    await expect(row.locator('.failure').textContent()).resolves.not.toContain('Mailbox unavailable');
    await row.getByText('Sửa email và gửi lại').click();
    await row.locator('input[type=email]').fill(FIXED);
    await officer.screenshot({ path: path.join(SHOTS, 'officer-unit.png'), fullPage: true });

    // The same page on a phone: nothing wider than the screen but the scrolling table.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const small = await phone.newPage();
    await signInAt(small, `${origin}/officer/units/${unitId}`, 'daumoi.myxuyen');
    await expect(small.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await small.screenshot({ path: path.join(SHOTS, 'officer-unit-phone.png'), fullPage: true });
    await phone.close();

    const oldLink = smtp.received.length;
    await Promise.all([
      officer.waitForURL(/ok=corrected/),
      row.getByRole('button', { name: 'Lưu và gửi lại' }).click(),
    ]);
    const flash = officer.locator('.flash.ok');
    await expect(flash.textContent()).resolves.toContain(`Đã sửa địa chỉ thành ${FIXED}`);
    await expect(flash.locator('.badge').textContent()).resolves.toBe('Đang gửi');

    await deliver();
    await waitUntil(
      () => smtp.received.some((m) => m.envelopeTo.includes(FIXED)),
      10_000,
      'mail to the new address',
    );
    const fixedMail = smtp.received.slice(oldLink).find((m) => m.envelopeTo.includes(FIXED))!;
    expect(fixedMail.text).toContain('Kính gửi');
    const newLink = new RegExp(`${origin}/s/[\\w-]{22}`).exec(fixedMail.text ?? '')![0];
    await form.goto(newLink);
    await expect(form.locator('[data-question]').count()).resolves.toBeGreaterThan(0);

    await officer.getByRole('link', { name: 'Cập nhật trạng thái' }).click();
    await expect(officer.locator('.flash.ok .badge').textContent()).resolves.toBe('Đã gửi');
    expect(await officer.locator('.mail-problems').count()).toBe(0);
    expect(errors).toEqual([]);
    await respondent.close();
    await officer.close();
  });
});
