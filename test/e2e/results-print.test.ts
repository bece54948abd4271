import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { createApp } from '../../src/app';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { createMailer } from '../../src/mail/transport';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { seedScoredCampaign } from '../helpers/scoring-fixture';
import { makeUser, TEST_PASSWORD } from '../helpers/web';
import { orThrow } from '../../src/errors';

const NOW = Date.parse('2019-12-05T10:00:00Z');
const outDir = path.join(__dirname, '..', '..', 'test-results');

describe('printable results report', () => {
  const t = createTestDb();
  const { campaign } = seedScoredCampaign(t.db, NOW);
  orThrow(closeCampaign(t.db, { campaignId: campaign.id }, { userId: null, name: 'test' }, NOW + 1000));
  const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir: t.dir }) });
  let server: Server;
  let url: string;
  beforeAll(async () => {
    await makeUser(t.db, 'quantri', 'admin');
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    t.cleanup();
  });

  it('renders an A4 official-letter report with the header, a table per group and totals', async () => {
    if (!browserAvailable()) return;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      await page.goto(`${url}/dang-nhap`);
      await page.fill('input[name=username]', 'quantri');
      await page.fill('input[name=password]', TEST_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
        page.click('button[type=submit]'),
      ]);
      const query = new URLSearchParams({ province: 'Sóc Trăng', place: 'Sóc Trăng' });
      const res = await page.goto(`${url}/admin/campaigns/${campaign.id}/results/print?${query}`);
      expect(res!.status()).toBe(200);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.letter-head').innerText()).toMatch(/UBND TỈNH SÓC TRĂNG\s+SỞ NỘI VỤ/);
      expect(await page.locator('.letter-date').innerText()).toBe('Sóc Trăng, ngày 05 tháng 12 năm 2019');
      expect(await page.locator('h2').allInnerTexts()).toEqual([
        'I. Sở, ban ngành',
        'II. UBND cấp huyện',
        'III. Đơn vị sự nghiệp công lập',
        'IV. Cơ quan Trung ương đóng tại địa phương',
      ]);
      expect(await page.locator('.grand-total').innerText()).toContain('Tổng cộng');
      // The print stylesheet is applied (served from /static under the CSP) and the back link is hidden.
      expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Times New Roman');
      expect(await page.locator('.screen-only').isVisible()).toBe(false);
      fs.mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: path.join(outDir, 'results-print.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      fs.writeFileSync(path.join(outDir, 'results-print.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  });
});
