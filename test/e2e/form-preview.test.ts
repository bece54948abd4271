import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app';
import { allQuestions } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { t as msg } from '../../src/i18n/messages';
import { createMailer, type Mailer } from '../../src/mail/transport';
import { browserAvailable, collectProblems, launchBrowser, signInAt } from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { makeUser } from '../helpers/web';

const run = browserAvailable() ? describe : describe.skip;

run('an admin previews a questionnaire in a real browser', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'STC', name: 'Sở Tài chính', quotas: { cbcc: 3 } });
  makeRespondent(t.db, campaign.id, unit.id, { email: 'cbcc1@soctrang.gov.vn' });
  let mailer: Mailer;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    mailer = createMailer({ mailDir: t.dir });
    server = createApp({ db: t.db, config: testConfig(), mailer }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    mailer.close();
    t.cleanup();
  });

  it('opens the preview from the forms page by clicking, shows the banner and every question, and cannot send', async () => {
    const definition = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = collectProblems(page);
    const forms = `${base}/admin/campaigns/${campaign.id}/forms`;
    await signInAt(page, forms, 'snv.admin');

    await Promise.all([
      page.waitForURL(`${forms}/cbcc/xem-truoc`),
      page.locator(`a[href$="/forms/cbcc/xem-truoc"]`).click(),
    ]);
    await expect(page.locator('.preview-banner').textContent()).resolves.toContain(
      msg('admin.forms.preview.banner'),
    );
    expect(await page.textContent('h1')).toBe(definition.title);
    expect(await page.locator('[data-question]').count()).toBe(allQuestions(definition).length);
    await expect(page.locator('.survey-head').textContent()).resolves.toContain(
      msg('admin.forms.preview.sampleName'),
    );

    // Answering works as for a respondent (the progress line moves), but nothing is kept and nothing is sent.
    await page.locator('[data-question] label.choice').first().click();
    await expect(page.locator('.survey-progress-text').textContent()).resolves.toMatch(/^Đã trả lời 1\//);
    const button = page.locator('#survey-form button[type="submit"]');
    await expect(button.isDisabled()).resolves.toBe(true);
    await button.click({ force: true });
    expect(page.url()).toBe(`${forms}/cbcc/xem-truoc`);
    await expect(page.evaluate('Object.keys(window.localStorage)')).resolves.toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
