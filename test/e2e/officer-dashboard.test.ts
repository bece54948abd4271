import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { and, eq, isNull } from 'drizzle-orm';
import { invitations } from '../../src/db/schema';
import { browserAvailable, collectProblems, launchBrowser, signInAt } from '../helpers/browser';
import { inTransaction } from '../../src/db/client';
import { createTestDb } from '../helpers/db';
import { makeRespondent } from '../helpers/factories';
import { seedSurvey } from '../helpers/survey-data';
import { makeUser, testApp } from '../helpers/web';
import { vnDay } from '../../src/time';

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const run = browserAvailable() ? describe : describe.skip;

run('officer and admin pages in a real browser', () => {
  const t = createTestDb();
  const now = Date.now();
  const { campaign, units } = seedSurvey(t.db, now);
  const officerUnit = units[3]!;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    await makeUser(t.db, 'daumoi.vinhchau', 'officer', [officerUnit.id]);
    server = testApp(t.db, t.dir).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    t.cleanup();
  });

  async function signIn(page: Page, username: string, next: string) {
    expect(await signInAt(page, `${base}${next}`, username)).toContain('/dang-nhap?next=');
  }

  it('shows the admin dashboard with one bar per unit and a daily timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectProblems(page);
    await signIn(page, 'snv.admin', `/admin/campaigns/${campaign.id}`);
    await expect(page.locator('svg.chart .chart-row').count()).resolves.toBe(units.length);
    await expect(page.locator('.chart-day').count()).resolves.toBeGreaterThan(1);
    await page.screenshot({ path: path.join(SHOTS, 'admin-dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refreshes the dashboard counts by itself when a new answer arrives', async () => {
    const page = await browser.newPage();
    await page.clock.install();
    await signIn(page, 'snv.admin', `/admin/campaigns/${campaign.id}`);
    const total = page.locator('[data-total="answered"]');
    const before = Number(await total.textContent());
    const waiting = t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.unitId, officerUnit.id), isNull(invitations.answeredOn)))
      .get()!;
    t.db
      .update(invitations)
      .set({ answeredDay: vnDay(Date.now()) })
      .where(eq(invitations.id, waiting.id))
      .run();
    // The status cell is rewritten from the server's words too: blank it, and the refresh writes it back.
    const cell = page.locator(`tr[data-unit="${officerUnit.id}"] [data-status]`);
    const written = (await cell.innerText()).trim();
    await cell.evaluate((node) => {
      node.setAttribute('data-status', 'stale');
      node.textContent = '';
    });
    await page.clock.fastForward(11_000);
    await page.locator(`[data-total="answered"]:text-is("${before + 1}")`).waitFor({ timeout: 5000 });
    await expect(cell.locator('.badge').textContent()).resolves.toBe(written.split('\n')[0]!.trim());
    await expect(cell.getAttribute('data-status')).resolves.not.toBe('stale');
    await page.close();
  });

  it('writes the refreshed totals the way the page’s language does (1,0xx in English)', async () => {
    const page = await browser.newPage();
    await page.clock.install();
    await signIn(page, 'snv.admin', `/admin/campaigns/${campaign.id}`);
    await page.goto(`${base}/admin/campaigns/${campaign.id}?lang=en`);
    const invited = page.locator('[data-total="invited"]');
    const before = Number(await invited.textContent());
    inTransaction(t.db, () => {
      for (let i = 0; i < 1000; i++) {
        makeRespondent(t.db, campaign.id, units[0]!.id, { email: `them.${i}@soctrang.gov.vn` });
      }
    });
    await page.clock.fastForward(11_000);
    const expected = (before + 1000).toLocaleString('en-GB');
    expect(expected).toContain(',');
    await page.locator(`[data-total="invited"]:text-is("${expected}")`).waitFor({ timeout: 5000 });
    await page.goto(`${base}/admin/campaigns/${campaign.id}?lang=vi`);
    await page.close();
  });

  it('shows a focal officer their unit with a live countdown and the invitation list', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = collectProblems(page);
    await page.clock.install();
    await signIn(page, 'daumoi.vinhchau', `/officer/units/${officerUnit.id}`);
    const countdown = page.locator('.countdown').first();
    const shown = (await countdown.textContent())!;
    expect(shown).toMatch(/^còn \d+ ngày \d+ giờ$/);
    await expect(page.locator('table.invitations tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.content()).resolves.not.toContain('Ý kiến bí mật');
    // The script keeps counting down without a reload.
    await page.clock.fastForward('25:00:00');
    const [, days, hours] = /còn (\d+) ngày (\d+) giờ/.exec(shown)!.map(Number);
    const later = (days! - 1) * 24 + hours! - 1;
    await page
      .locator(`.countdown:text-is("còn ${Math.floor(later / 24)} ngày ${later % 24} giờ")`)
      .waitFor({ timeout: 5000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
