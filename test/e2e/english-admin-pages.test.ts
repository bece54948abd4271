import type { Browser, Page } from 'playwright-core';
import { translate, type MessageKey } from '../../src/i18n/messages';
import { listFormTypes } from '../../src/units/campaign-units';
import {
  browserAvailable,
  collectProblems,
  launchBrowser,
  listenLocally,
  signInAt,
} from '../helpers/browser';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { vietnameseOnPage } from '../helpers/page-language';
import { makeUser, testApp } from '../helpers/web';

const run = browserAvailable() ? describe : describe.skip;
const en = (key: MessageKey) => translate('en', key);

/** A questionnaire with a malformed and repeated question id, a fraction above 1 and a missing field. */
const BAD_DEFINITION = JSON.stringify(
  {
    title: 'Phiếu thử',
    sections: [
      {
        id: 'chung',
        title: 'Thông tin chung',
        questions: [
          { id: 'x y', text: 'Câu một', kind: 'text' },
          {
            id: 'x y',
            text: 'Câu hai',
            kind: 'single',
            options: [{ label: 'Có', fraction: 1.5 }, { label: 'Không' }],
          },
          { id: 'ba', kind: 'text' },
        ],
      },
    ],
  },
  null,
  2,
);

run('an admin reading in English', () => {
  const db = createTestDb();
  const campaign = makeCampaign(db.db);
  const unit = makeUnit(db.db, campaign.id, { code: 'STP', name: 'Sở Tư pháp' });
  // What the pages show as stored, not as interface text.
  const data = [campaign.name, campaign.mailSubject, unit.name, 'Trần Thị Bình', 'Phiếu thử'].concat(
    listFormTypes(db.db).map((f) => f.name),
  );
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    await makeUser(db.db, 'snv.admin', 'admin');
    const officer = await makeUser(db.db, 'dau-moi.stp', 'officer', [unit.id]);
    db.db.$client.prepare('update users set display_name = ? where id = ?').run('Trần Thị Bình', officer.id);
    server = await listenLocally(testApp(db.db, db.dir));
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'lang', value: 'en', url: server.base }]);
    page = await context.newPage();
    problems = collectProblems(page);
  });
  afterEach(async () => {
    await page.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
    db.cleanup();
  });

  it('sees the accounts page, a refused account and an account’s page in English', async () => {
    await signInAt(page, `${server.base}/admin/users`, 'snv.admin');
    await page.fill('#username', 'snv.admin');
    await page.click(`button:text-is("${en('admin.users.create')}")`);
    await expect(page.locator('[role=alert]').textContent()).resolves.toBe(
      'Username "snv.admin" is already taken.',
    );
    expect(await vietnameseOnPage(page, data)).toEqual([]);

    await page.goto(`${server.base}/admin/users`);
    await page.click('a:text-is("dau-moi.stp")');
    await expect(page.locator('h1').textContent()).resolves.toContain('dau-moi.stp');
    expect(await vietnameseOnPage(page, data)).toEqual([]);
    expect(problems.filter((url) => !url.endsWith('/admin/users'))).toEqual([]);
  });

  it('sees every mistake of a questionnaire in English, with where it is', async () => {
    const editor = `${server.base}/admin/campaigns/${campaign.id}/forms/cbcc`;
    await signInAt(page, editor, 'snv.admin');
    await page.fill('#definition', BAD_DEFINITION);
    await page.click(`button:text-is("${en('admin.forms.save')}")`);
    const errors = await page.locator('#definition-errors').innerText();
    expect(errors).toContain('Not saved: the text has 4 errors');
    expect(errors).toContain('Part 1, question 1 (x y), id: ids use only unaccented letters');
    // One field with two problems shows both.
    expect(errors).toContain('Part 1, question 2 (x y), id: ids use only unaccented letters');
    expect(errors).toContain('Part 1, question 2 (x y), option 1, fraction: must not be greater than 1');
    expect(errors).toContain('Part 1, question 3 (ba), text: required field missing');
    expect(await vietnameseOnPage(page, data)).toEqual([]);
  });

  it('sees the results with the provisional ranking, and a refused point scale, in English', async () => {
    const results = `${server.base}/admin/campaigns/${campaign.id}/results`;
    await signInAt(page, results, 'snv.admin');
    await expect(page.locator('#ranking-title').textContent()).resolves.toBe(en('results.ranking'));
    expect(await vietnameseOnPage(page, data)).toEqual([]);

    await page.goto(`${results}/settings`);
    await page.fill('#points_dvsn', 'ba mươi');
    await page.click(`button:text-is("${en('results.settings.save')}")`);
    await expect(page.locator('#points_dvsn-err').textContent()).resolves.toBe(
      en('results.settings.badPoints'),
    );
    await expect(page.locator('#points_dvsn').inputValue()).resolves.toBe('ba mươi');
    expect(await vietnameseOnPage(page, data, ['input'])).toEqual([]);
  });

  it('sees the mail template page and a refused template in English, the mail itself as sent', async () => {
    const editor = `${server.base}/admin/campaigns/${campaign.id}/mau-thu`;
    await signInAt(page, editor, 'snv.admin');
    await expect(page.locator('#preview-text').innerText()).resolves.toContain('Kính gửi');
    expect(await vietnameseOnPage(page, data, ['.mail-preview'])).toEqual([]);

    await page.goto(editor);
    await page.fill('#tpl-body', 'Kính gửi {ho ten},\n\nMời trả lời.');
    await page.click(`button:text-is("${en('admin.templates.save')}")`);
    const errors = await page.locator('#template-errors').innerText();
    expect(errors).toContain('Line 1: there is no field {ho ten}; did you mean {ho_ten}?');
    expect(errors).toContain('An invitation needs the field {duong_dan}');
    expect(await vietnameseOnPage(page, data)).toEqual([]);
  });
});
