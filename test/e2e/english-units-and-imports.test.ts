import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/messages';
import { listFormTypes } from '../../src/units/campaign-units';
import { browserAvailable, launchBrowser, listenLocally, signInAt } from '../helpers/browser';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { vietnameseOnPage } from '../helpers/page-language';
import { makeUser, testApp } from '../helpers/web';

const run = browserAvailable() ? describe : describe.skip;

run('the units and import pages in English, in a real browser', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ', quotas: { cbcc: 30, hdnd: 0 } });
  makeUnit(t.db, campaign.id, { code: 'HCT', name: 'Huyện Châu Thành', group: 'ubnd_huyen' });
  const FILE = 'Danh sách đơn vị.csv';
  const HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Nhóm', 'Chỉ tiêu CBCC', 'Ngày gửi phiếu', 'Hạn trả lời'];
  // What the pages show as it was written: names, the file's name and its own column headings.
  const data = [
    campaign.name,
    'Sở Nội vụ',
    'Huyện Châu Thành',
    'Sở Tư pháp',
    'Sở Y tế',
    ...listFormTypes(t.db).map((f) => f.name),
    FILE,
    ...HEADER,
  ];
  const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('en', key, params);
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    server = await listenLocally(testApp(t.db, t.dir));
    browser = await launchBrowser();
    page = await browser.newPage();
    const units = `${server.base}/admin/campaigns/${campaign.id}/units`;
    await signInAt(page, units, 'snv.admin');
    await page.goto(`${units}?lang=en`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t.cleanup();
  });

  it('shows the units page and the unit edit page, refusals included, with no Vietnamese sentence', async () => {
    expect(await page.locator('h1').textContent()).toBe(en('admin.units.title'));
    expect(await vietnameseOnPage(page, data)).toEqual([]);

    await page.goto(`${server.base}/admin/campaigns/${campaign.id}/units/${unit.id}`);
    expect(await vietnameseOnPage(page, data)).toEqual([]);
    await page.fill('#sendOn', '2019-12-05');
    await page.fill('#deadlineDate', '2019-12-04');
    await page.locator('#quota_cbcc').evaluate((input) => input.removeAttribute('min'));
    await page.fill('#quota_cbcc', '-1');
    await page.click(`form[action$="/units/${unit.id}"] button[type=submit]`);
    await page.locator('.error-text').first().waitFor();
    await expect(page.locator('.error-text').allTextContents()).resolves.toEqual([
      en('admin.units.deadlineBeforeSend'),
      en('admin.units.badQuota'),
    ]);
    expect(await vietnameseOnPage(page, data)).toEqual([]);
  });

  it('shows an import’s report, its errors and warnings, and the page after the commit in English', async () => {
    const file = writeCsv(t.dir, 'units.csv', [
      HEADER.join(','),
      'STP,Sở Tư pháp,so_nganh,20,20/11/2019,04/12/2019',
      'SYT,Sở Y tế,Khối khác,abc,05/12/2019,04/12/2019',
      'STP,Sở Tư pháp,so_nganh,20,,',
    ]);
    await page.goto(`${server.base}/admin/campaigns/${campaign.id}/imports`);
    expect(await vietnameseOnPage(page, data)).toEqual([]);
    await page.setInputFiles('#file-units', {
      name: FILE,
      mimeType: 'text/csv',
      buffer: fs.readFileSync(file),
    });
    await Promise.all([
      page.waitForURL(/\/imports\/[\w-]+$/),
      page.click('#import-units button[type=submit]'),
    ]);

    const problems = await page.locator('table.import-errors tbody tr td:last-child').allTextContents();
    expect(problems).toContain(en('imports.badQuota', { value: 'abc', max: '100,000' }));
    expect(problems).toContain(
      en('imports.sendAfterDeadline', { send: '05/12/2019', time: '23:59', date: '04/12/2019' }),
    );
    expect(problems).toContain(en('imports.duplicateRow', { row: 2 }));
    // The 2019 deadline is past: the unit is imported with a warning.
    await expect(page.locator('.import-warnings tbody td:last-child').allTextContents()).resolves.toEqual([
      en('imports.warnings.deadlinePassed', { time: '23:59', date: '04/12/2019' }),
    ]);
    expect(await vietnameseOnPage(page, data)).toEqual([]);

    await Promise.all([page.waitForURL(/\/commit$/), page.click('form[action$="/commit"] button')]);
    expect(await page.locator('h1').textContent()).toBe(en('admin.imports.doneTitle'));
    expect(await vietnameseOnPage(page, data)).toEqual([]);
  });
});
