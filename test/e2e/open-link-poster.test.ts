import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { createApp } from '../../src/app';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { orThrow } from '../../src/errors';
import { issueOpenLinks } from '../../src/open-links/issue-open-links';
import { listOpenLinks } from '../../src/open-links/open-links';
import { createMailer } from '../../src/mail/transport';
import { browserAvailable, launchBrowser, signInAt } from '../helpers/browser';
import { fillForm } from '../helpers/browser-survey';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { vietnameseOnPage } from '../helpers/page-language';
import { makeUser } from '../helpers/web';

const describeWithBrowser = browserAvailable() ? describe : describe.skip;

describeWithBrowser('a citizen answering from the poster at the one-stop desk', () => {
  const t = createTestDb();
  let now = Date.now();
  let browser: Browser;
  let server: http.Server;
  let origin: string;
  let campaignId: number;
  let unitId: number;

  beforeAll(async () => {
    const campaign = makeCampaign(t.db);
    campaignId = campaign.id;
    now = Date.now() + 1000;
    unitId = makeUnit(t.db, campaign.id, {
      code: 'UBND-NGANAM',
      name: 'UBND thị xã Ngã Năm',
      group: 'ubnd_huyen',
      quotas: { nguoi_dan: 20 },
    }).id;
    orThrow(issueOpenLinks(t.db, { campaignId }, SYSTEM_ACTOR, now));
    await makeUser(t.db, 'admin', 'admin');
    // The poster's QR code must carry the public address the phone opens: known once listening.
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = testConfig({ PUBLIC_URL: origin });
    server.on(
      'request',
      createApp({ db: t.db, config, mailer: createMailer({ mailDir: t.dir }), clock: () => now }),
    );
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    t.cleanup();
  });

  const answered = () =>
    getCampaignProgress(t.db, campaignId).find((p) => p.unitId === unitId && p.formType === 'nguoi_dan')!
      .answered;

  it('scans the QR code, answers once, is refused politely the second time; a held answer counts once accepted', async () => {
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signInAt(adminPage, `${origin}/admin/campaigns/${campaignId}/open-links`, 'admin');
    await adminPage.goto(`${origin}/admin/campaigns/${campaignId}/open-links/posters?unit=${unitId}`);
    await expect(adminPage.locator('.poster-unit').first().textContent()).resolves.toBe(
      'UBND thị xã Ngã Năm',
    );
    const png = PNG.sync.read(await adminPage.locator('.poster-qr svg').first().screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(new RegExp(`^${origin}/k/[a-z2-9]{10}$`));
    const url = decoded!.data;
    await expect(adminPage.locator('.poster-url').first().textContent()).resolves.toBe(
      url.replace('http://', ''),
    );

    // A phone: a small screen, its own cookies.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    await page.goto(url);
    await expect(page.locator('h1').textContent()).resolves.toContain('người dân');
    now += 90_000; // a person takes a minute or two
    await fillForm(page);
    await Promise.all([page.waitForURL(/\/cam-on$/), page.click('button[type=submit]')]);
    await expect(page.locator('.survey-thanks').textContent()).resolves.toContain('UBND thị xã Ngã Năm');
    expect(answered()).toBe(1);

    await page.goto(url);
    await expect(page.locator('[data-state="answered_here"]').textContent()).resolves.toContain(
      'Ông/Bà đã trả lời phiếu này',
    );
    await expect(page.locator('#survey-form').count()).resolves.toBe(0);

    // Another phone sends at once: too fast for a person, so held, though thanked alike.
    const fast = await (await browser.newContext()).newPage();
    await fast.goto(url);
    await fillForm(fast);
    await Promise.all([fast.waitForURL(/\/cam-on$/), fast.click('button[type=submit]')]);
    expect(answered()).toBe(1);

    await adminPage.goto(`${origin}/admin/campaigns/${campaignId}/held`);
    const row = adminPage.locator('tr[data-held]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain('Gửi quá nhanh');
    await expect(row.textContent()).resolves.toContain('UBND thị xã Ngã Năm');
    await Promise.all([adminPage.waitForURL(/done=accept/), row.locator('button[value=accept]').click()]);
    await expect(adminPage.locator('.flash.ok').textContent()).resolves.toContain('UBND-NGANAM');
    await expect(adminPage.locator('tr[data-held]').count()).resolves.toBe(0);
    expect(answered()).toBe(2);
  }, 120_000);

  it('shows an English reader the open-link pages in English, data aside', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'lang', value: 'en', url: origin }]);
    const page = await context.newPage();
    const data = [
      'UBND thị xã Ngã Năm',
      ...t.db.$client
        .prepare('SELECT name FROM campaigns UNION ALL SELECT name FROM form_types')
        .pluck()
        .all(),
    ] as string[];
    await signInAt(page, `${origin}/admin/campaigns/${campaignId}/open-links`, 'admin');
    await expect(page.locator('h1').textContent()).resolves.toBe('Open links and posters');
    expect(await vietnameseOnPage(page, data)).toEqual([]);
    await page.goto(`${origin}/admin/campaigns/${campaignId}/held`);
    expect(await vietnameseOnPage(page, data)).toEqual([]);
    const wide = listOpenLinks(t.db, campaignId).find(
      (l) => l.unitId === null && l.formType === 'nguoi_dan',
    )!;
    await page.goto(`${origin}/k/${wide.code}?q=nga nam`);
    await expect(page.locator('.open-units a').textContent()).resolves.toBe('UBND thị xã Ngã Năm');
    expect(await vietnameseOnPage(page, data)).toEqual([]);
  }, 60_000);
});
