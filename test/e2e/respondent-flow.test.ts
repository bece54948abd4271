import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { createMailer } from '../../src/mail/transport';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { projectRoot } from '../../src/paths';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { fillForm } from '../helpers/browser-survey';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { mailInvitations } from '../helpers/invitation-mail';
import { startTestSmtp } from '../helpers/smtp';

const screenshots = path.join(projectRoot, 'docs', 'screenshots');
const DAY = 24 * 3600_000;

async function checkedState(page: Page) {
  // Strings, not functions: the page's DOM types are not part of this Node project's TypeScript lib.
  return page.evaluate<{ checked: string[]; texts: string[] }>(`({
    checked: Array.from(document.querySelectorAll('input:checked')).map((i) => i.id),
    texts: Array.from(document.querySelectorAll('textarea')).map((t) => t.value),
  })`);
}

const describeWithBrowser = browserAvailable() ? describe : describe.skip;

describeWithBrowser('a dual-group respondent answering both forms in a real browser', () => {
  const t = createTestDb();
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let server: http.Server;
  let browser: Browser;
  let origin: string;
  let mailer: ReturnType<typeof createMailer>;
  let config: ReturnType<typeof testConfig>;
  let tokens: { cbcc: string; hdnd: string };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    // The app's links need its own origin (PUBLIC_URL), known once listening: attach the app after that.
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config = testConfig({ PUBLIC_URL: origin });
    mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
    server.on('request', createApp({ db: t.db, config, mailer }));

    const campaign = makeCampaign(t.db);
    const unit = makeUnit(t.db, campaign.id, {
      code: 'UBND-NGANam',
      name: 'UBND thị xã Ngã Năm',
      group: 'ubnd_huyen',
      deadlineAt: Date.now() + 7 * DAY,
      quotas: { cbcc: 20, hdnd: 5 },
    });
    const person = makeRespondent(t.db, campaign.id, unit.id, {
      email: 'le.van.c@soctrang.gov.vn',
      fullName: 'Lê Văn C',
      formTypes: ['cbcc', 'hdnd'],
    });
    tokens = { cbcc: person.invitations[0]!.token, hdnd: person.invitations[1]!.token };
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    mailer.close();
    await smtp.close();
    t.cleanup();
  });

  it('opens the link from the mail, answers, gets the thank-you page and mail, then answers the other form', async () => {
    await mailInvitations(t.db, mailer, config, [tokens.cbcc, tokens.hdnd]);
    await smtp.waitFor(2);
    // The first invitation to arrive, whichever form it is; its first survey link is the person's own.
    const link = new RegExp(`${origin}/s/[\\w-]{22}`).exec(smtp.received[0]!.text ?? '')![0];
    const [first, other] = link.endsWith(tokens.cbcc)
      ? [tokens.cbcc, tokens.hdnd]
      : [tokens.hdnd, tokens.cbcc];
    expect(link).toBe(`${origin}/s/${first}`);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', (r) => {
      if (r.status() === 404) pageErrors.push(`404 ${new URL(r.url()).pathname}`);
    });

    // Sending an empty form: the error summary gets focus and links to each question.
    await page.goto(link);
    expect(await page.locator('.survey-head').textContent()).toContain('Kính gửi Ông/Bà Lê Văn C');
    await page.getByRole('button', { name: 'Gửi phiếu khảo sát' }).click();
    await page.waitForSelector('#error-summary');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('error-summary');
    const summaryLinks = await page.locator('#error-summary a').count();
    expect(summaryLinks).toBe(await page.locator('[data-question]:has(.required)').count());
    expect(summaryLinks).toBeGreaterThan(0);
    await page.locator('#error-summary a').first().click();
    const firstRequired = await page
      .locator('[data-question]:has(.required)')
      .first()
      .getAttribute('data-question');
    expect(await page.evaluate<string>('document.activeElement.name')).toBe(`q_${firstRequired}`);

    // Answering, then reloading: the answers are kept in this browser.
    await page.goto(link);
    const total = await fillForm(page);
    expect((await page.locator('.survey-progress-text').textContent())?.trim()).toBe(
      `Đã trả lời ${total}/${total} câu`,
    );
    const before = await checkedState(page);
    await page.reload();
    expect(await checkedState(page)).toEqual(before);
    expect((await page.locator('.survey-progress-text').textContent())?.trim()).toBe(
      `Đã trả lời ${total}/${total} câu`,
    );

    fs.mkdirSync(screenshots, { recursive: true });
    await page.evaluate("document.querySelector('.other-forms').scrollIntoView()");
    await page.screenshot({ path: path.join(screenshots, 'survey-form-mobile.png') });

    await page.getByRole('button', { name: 'Gửi phiếu khảo sát' }).click();
    await page.waitForURL(`${origin}/s/${first}/cam-on`);
    expect(await page.locator('h1').textContent()).toContain('Đã nhận phiếu khảo sát');
    expect(await page.evaluate(`localStorage.getItem('cchc.survey.${first}')`)).toBeNull();
    await page.screenshot({ path: path.join(screenshots, 'survey-thank-you.png') });

    await deliverDueMail(t.db, mailer, { from: config.MAIL_FROM });
    await smtp.waitFor(3);
    const thanks = smtp.received[2]!;
    expect(thanks.subject).toBe('[Xác nhận] Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019');
    expect(thanks.text).toContain('Kính gửi Ông/Bà Lê Văn C,');
    expect(thanks.text).toContain(`${origin}/s/${other}`);

    // The other form, from the link on the thank-you page.
    await page.getByRole('link', { name: /^Mở Phiếu/ }).click();
    await page.waitForURL(`${origin}/s/${other}`);
    expect(await page.locator('.other-forms').textContent()).toContain('đã trả lời');
    await fillForm(page);
    await page.getByRole('button', { name: 'Gửi phiếu khảo sát' }).click();
    await page.waitForURL(`${origin}/s/${other}/cam-on`);
    expect(await page.locator('.survey-thanks').textContent()).toContain(
      'Ông/Bà đã hoàn thành tất cả các phiếu',
    );

    const counts = t.db.$client
      .prepare(
        'SELECT form_type, count(*) AS n FROM response_slots WHERE filled = 1 GROUP BY form_type ORDER BY form_type',
      )
      .all();
    expect(counts).toEqual([
      { form_type: 'cbcc', n: 1 },
      { form_type: 'hdnd', n: 1 },
    ]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
