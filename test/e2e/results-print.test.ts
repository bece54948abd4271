import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { createApp } from '../../src/app';
import { createMailer } from '../../src/mail/transport';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { importPointsAndClose, seedScoredCampaign } from '../helpers/scoring-fixture';
import { makeUser, TEST_PASSWORD } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { projectRoot } from '../../src/paths';
import { updateReportSettings } from '../../src/campaigns/update-report-settings';

const NOW = Date.parse('2019-12-05T10:00:00Z');
const outDir = path.join(__dirname, '..', '..', 'test-results');

describe('printable results report', () => {
  const t = createTestDb();
  const { campaign } = seedScoredCampaign(t.db, NOW);
  orThrow(
    updateReportSettings(
      t.db,
      {
        campaignId: campaign.id,
        superior: 'UBND tỉnh Sóc Trăng',
        issuer: 'Sở Nội vụ',
        place: 'Sóc Trăng',
        recipients: 'UBND tỉnh (b/c);\nBộ Nội vụ (b/c);\nCác sở, ban ngành tỉnh;',
        signerTitle: 'Giám đốc',
        signerName: 'Nguyễn Văn A',
      },
      SYSTEM_ACTOR,
      NOW,
    ),
  );
  const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir: t.dir }) });
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Points for every unit but DVSN, which the report must show as missing.
    const lines = ['Mã ĐV;Điểm thẩm định;Điểm tối đa', 'SNV;60,5;68', 'UBND_CT;58,75;68', 'CQTW;50;68'];
    expect((await importPointsAndClose(t.db, t.dir, campaign.id, lines, NOW)).errors).toEqual([]);
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

  it('renders a signable A4 report: header, blank number, a ranking table per group, recipients and signer, as a PDF', async () => {
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
      const res = await page.goto(`${url}/admin/campaigns/${campaign.id}/results/print`);
      expect(res!.status()).toBe(200);
      await page.emulateMedia({ media: 'print' });
      const head = await page.locator('.letter-head').innerText();
      expect(head).toMatch(/UBND TỈNH SÓC TRĂNG\s+SỞ NỘI VỤ\s+Số:\s+\/BC-SNV/);
      expect(await page.locator('.letter-date').innerText()).toBe('Sóc Trăng, ngày 05 tháng 12 năm 2019');
      expect(await page.locator('h2').allInnerTexts()).toEqual([
        'I. Sở, ban ngành',
        'II. UBND cấp huyện',
        'III. Đơn vị sự nghiệp công lập',
        'IV. Cơ quan Trung ương đóng tại địa phương',
      ]);
      expect(await page.locator('.grand-total').innerText()).toContain('Tổng cộng');
      // Every unit, once, in its group's table, ranked, with the reduction explained and Vietnamese numbers.
      for (const [code, group] of [
        ['SNV', 'so_nganh'],
        ['UBND_CT', 'ubnd_huyen'],
        ['DVSN', 'dvsn'],
        ['CQTW', 'co_quan_tw'],
      ]) {
        await expect(page.locator(`table[data-group=${group}] tr[data-unit=${code}]`).count()).resolves.toBe(
          1,
        );
      }
      const snv = await page.locator('tr[data-unit=SNV]').innerText();
      expect(snv).toMatch(/^1\s+Sở Nội vụ/);
      expect(snv).toContain('giảm 50% điểm');
      expect(snv).toContain('60,50');
      expect(await page.locator('tr[data-unit=DVSN]').innerText()).toContain('chưa có điểm thẩm định');
      const signature = await page.locator('.signature').innerText();
      expect(signature).toMatch(
        /Nơi nhận:\s+- UBND tỉnh \(b\/c\);\s+- Bộ Nội vụ \(b\/c\);\s+- Các sở, ban ngành tỉnh;\s+- Lưu: VT\./,
      );
      expect(signature).toMatch(/GIÁM ĐỐC\s+Nguyễn Văn A/);
      // No table row and no signature block is cut by a page break.
      const breaks = (await page.evaluate(
        "[...document.querySelectorAll('tbody tr, .signature')].map((e) => getComputedStyle(e).breakInside)",
      )) as string[];
      expect(new Set(breaks)).toEqual(new Set(['avoid']));
      // The print stylesheet is applied (served from /static under the CSP) and the back link is hidden.
      expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Times New Roman');
      // The print button too.
      for (const shown of await page.locator('.screen-only').all())
        expect(await shown.isVisible()).toBe(false);
      fs.mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: path.join(outDir, 'results-print.png'), fullPage: true });
      // The first A4 page (210 mm at 96 px per inch) as the PDF prints it, for the README.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: path.join(projectRoot, 'docs', 'screenshots', 'results-report.png') });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      fs.writeFileSync(path.join(outDir, 'results-print.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)!.length).toBeGreaterThanOrEqual(1);
    } finally {
      await browser.close();
    }
  });
});
