import type { Browser } from 'playwright-core';
import { endOfVnDay } from '../../src/time';
import {
  browserAvailable,
  collectProblems,
  launchBrowser,
  listenLocally,
  signInAt,
} from '../helpers/browser';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { makeUser, testApp } from '../helpers/web';

const run = browserAvailable() ? describe : describe.skip;

run('date-time fields and the unit picker in a browser set to English (en-US)', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, {
    code: 'STP',
    name: 'Sở Tư pháp',
    quotas: { cbcc: 5 },
    deadlineAt: endOfVnDay('2019-12-01'),
  });
  makeUnit(t.db, campaign.id, { code: 'VCHAU', name: 'UBND thị xã Vĩnh Châu', group: 'ubnd_huyen' });
  makeUnit(t.db, campaign.id, { code: 'MYTU', name: 'UBND huyện Mỹ Tú', group: 'ubnd_huyen' });
  let site: Awaited<ReturnType<typeof listenLocally>>;
  let browser: Browser;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    await makeUser(t.db, 'daumoi', 'officer', [unit.id]);
    site = await listenLocally(testApp(t.db, t.dir));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site.close();
    t.cleanup();
  });

  it('reads and writes dd/mm/yyyy hh:mm: 02/12 stays the 2nd of December, 17:00 stays 5 pm', async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const problems = collectProblems(page);
    const edit = `${site.base}/admin/campaigns/${campaign.id}/units/${unit.id}`;
    await signInAt(page, edit, 'snv.admin');
    await expect(page.locator('#deadlineDate').inputValue()).resolves.toBe('01/12/2019');
    await expect(page.locator('#deadlineDate').getAttribute('type')).resolves.toBe('text');
    await page.fill('#deadlineDate', '02/12/2019');
    await page.fill('#deadlineTime', '17:00');
    await page.fill('#sendOn', '25/11/2019');
    await Promise.all([
      page.waitForURL(/\/units\?saved=/),
      page.click(`form[action$="/units/${unit.id}"] button[type=submit]`),
    ]);
    await expect(page.locator(`#unit-${unit.id}`).textContent()).resolves.toContain('17:00 ngày 02/12/2019');
    await expect(page.locator(`#unit-${unit.id}`).textContent()).resolves.toContain('25/11/2019');
    await page.goto(edit);
    await expect(page.locator('#deadlineDate').inputValue()).resolves.toBe('02/12/2019');
    await expect(page.locator('#deadlineTime').inputValue()).resolves.toBe('17:00');

    await page.goto(`${site.base}/admin/campaigns/${campaign.id}/edit`);
    await page.fill('#closesAt', '31/12/2030 17:30');
    await Promise.all([
      page.waitForURL(`${site.base}/admin/campaigns/${campaign.id}`),
      page.click('form[action$="/edit"] button[type=submit]'),
    ]);
    await page.goto(`${site.base}/admin/campaigns/${campaign.id}/edit`);
    await expect(page.locator('#closesAt').inputValue()).resolves.toBe('31/12/2030 17:30');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('groups the units of an officer account and finds one by a name typed without accents', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signInAt(page, `${site.base}/admin/users`, 'snv.admin');
    const legends = await page.locator('.unit-group legend').allTextContents();
    expect(legends).toEqual(['Sở, ban ngành', 'UBND cấp huyện']);
    await page.fill('#unit-filter', 'vinh chau');
    const visible = await page.locator('[data-unit-label]:visible').allTextContents();
    expect(visible.map((s) => s.trim())).toEqual(['VCHAU — UBND thị xã Vĩnh Châu']);
    await expect(page.locator('.unit-group:visible legend').allTextContents()).resolves.toEqual([
      'UBND cấp huyện',
    ]);
    await context.close();
  });
});
