import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { invitations } from '../../src/db/schema';
import { translate } from '../../src/i18n/messages';
import { sendReminders } from '../../src/invitations/send-reminders';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { listOutbox } from '../../src/mail/outbox-queries';
import { createMailer } from '../../src/mail/transport';
import { browserAvailable, launchBrowser, signInAt } from '../helpers/browser';
import { fillForm } from '../helpers/browser-survey';
import { createTestDb } from '../helpers/db';
import { writeCsv } from '../helpers/import-files';
import { seedScoredCampaign } from '../helpers/scoring-fixture';
import { seedSurvey } from '../helpers/survey-data';
import { makeUser, testApp } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const run = browserAvailable() ? describe : describe.skip;
const AXE = require.resolve('axe-core');
/** The WCAG 2.0 and 2.1 level A and AA rules; best-practice rules are left out. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SUBMIT = 'Gửi phiếu khảo sát';
const DESKTOP: BrowserContextOptions = { viewport: { width: 1200, height: 900 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

type Violation = { id: string; impact: string; help: string; targets: string[] };

/** Runs axe-core on the page as it is now; the serious and critical WCAG A/AA violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  // A string, not a function: the page's DOM (and axe's global) are not part of this Node project's types.
  const violations = await page.evaluate<Violation[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact || '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    })))`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) on ${v.targets.join(', ')}`);
}

/** Fails with every serious or critical violation, its rule id and the elements it was found on. */
async function expectAccessible(page: Page, what: string) {
  const found = await seriousViolations(page);
  expect({ page: what, url: page.url(), violations: found }).toEqual({
    page: what,
    url: page.url(),
    violations: [],
  });
}

/** The focused element in a few words: tag, type, name, id, href. */
async function focused(page: Page) {
  return page.evaluate<{ tag: string; type: string; name: string; id: string; href: string }>(`(() => {
    const el = document.activeElement;
    return {
      tag: el ? el.tagName.toLowerCase() : '',
      type: (el && el.getAttribute('type')) || '',
      name: (el && el.getAttribute('name')) || '',
      id: (el && el.id) || '',
      href: (el && el.getAttribute('href')) || '',
    };
  })()`);
}

/** Whether the focused element (a choice: its whole label) is inside the viewport and clear of the sticky progress line. */
async function focusInSight(page: Page) {
  return page.evaluate<boolean>(`(() => {
    const el = document.activeElement;
    const box = (el.closest('label.choice') || el).getBoundingClientRect();
    const bar = document.getElementById('survey-progress');
    const line = bar && !bar.hidden ? bar.getBoundingClientRect() : null;
    const underBar = line !== null && box.top < line.bottom - 1 && box.bottom > line.top + 1;
    return !underBar && box.top >= -1 && box.bottom <= window.innerHeight + 1;
  })()`);
}

run('accessibility of every page with axe-core and the keyboard, in a real browser', () => {
  const t = createTestDb();
  const { campaign, units } = seedSurvey(t.db, Date.now());
  const officerUnit = units[3]!;
  // A closed campaign with scored answers in every group, for the results pages and the printable report.
  const scored = seedScoredCampaign(t.db, Date.now());
  orThrow(
    closeCampaign(t.db, { campaignId: scored.campaign.id }, { userId: null, name: 'test' }, Date.now()),
  );
  let server: Server;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** One link per test that answers a form: unanswered invitations of the seeded campaign, in order. */
  const unanswered = t.db
    .select({ token: invitations.token })
    .from(invitations)
    .where(and(eq(invitations.campaignId, campaign.id), isNull(invitations.answeredOn)))
    .all()
    .map((i) => i.token);
  const nextLink = () => `${base}/s/${unanswered.shift()!}`;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    await makeUser(t.db, 'daumoi.vinhchau', 'officer', [officerUnit.id]);
    await makeUser(
      t.db,
      'daumoi.nhieu',
      'officer',
      units.slice(0, 4).map((u) => u.id),
    );
    server = testApp(t.db, t.dir).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // The outbox: reminders, two delivered to files (each with its .eml), the others still queued.
    orThrow(
      sendReminders(
        t.db,
        { campaignId: campaign.id, unitId: units[1]!.id, publicUrl: base },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    const mailer = createMailer({ mailDir: `${t.dir}/mail` });
    await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn', limit: 2 });
    mailer.close();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    t.cleanup();
  });

  /** A page in a fresh context; the app's CSP would refuse the injected axe script, so it is bypassed here. */
  async function newPage(options: BrowserContextOptions) {
    const context = await browser.newContext({ ...options, locale: 'vi-VN', bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  const signIn = (page: Page, username: string, next: string) => signInAt(page, `${base}${next}`, username);

  describe.each([
    ['desktop', DESKTOP],
    ['phone 375×812', PHONE],
  ])('the survey form on a %s', (_name, options) => {
    it('has no serious or critical violations, blank, with its error summary, and on the thank-you page', async () => {
      const page = await newPage(options);
      const link = nextLink();
      await page.goto(link);
      await expectAccessible(page, 'survey form');

      await page.getByRole('button', { name: SUBMIT }).click();
      await page.waitForSelector('#error-summary');
      await expectAccessible(page, 'survey form with the error summary');

      await fillForm(page);
      await page.getByRole('button', { name: SUBMIT }).click();
      await page.waitForURL(`${link}/cam-on`);
      await expectAccessible(page, 'thank-you page');
    });
  });

  it('has no serious or critical violations on the refusal page of an unknown link', async () => {
    const page = await newPage(PHONE);
    const res = await page.goto(`${base}/s/${'x'.repeat(22)}`);
    expect(res?.status()).toBe(404);
    await expectAccessible(page, 'refusal page');
  });

  it('has no serious or critical violations on the login page, with and without an error', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${base}/dang-nhap`);
    await expectAccessible(page, 'login page');
    await page.fill('#username', 'snv.admin');
    await page.fill('#password', 'sai-mat-khau-roi');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await page.waitForSelector('.error-text');
    await expectAccessible(page, 'login page with an error');
  });

  it("has no serious or critical violations on an officer's unit page, desktop and phone", async () => {
    for (const options of [DESKTOP, PHONE]) {
      const page = await newPage(options);
      await signIn(page, 'daumoi.vinhchau', `/officer/units/${officerUnit.id}`);
      await expectAccessible(page, 'officer unit page');
      await page.goto(`${base}/officer/units/${officerUnit.id}?filter=all`);
      await expectAccessible(page, 'officer unit page, all invitations');
    }
  });

  it('has no serious or critical violations on the admin campaign dashboard, desktop and phone', async () => {
    for (const options of [DESKTOP, PHONE]) {
      const page = await newPage(options);
      await signIn(page, 'snv.admin', `/admin/campaigns/${campaign.id}`);
      await expectAccessible(page, 'admin campaign dashboard');
    }
  });

  it('has no serious or critical violations on the English survey form and admin dashboard', async () => {
    const form = await newPage(DESKTOP);
    const link = nextLink();
    await form.goto(`${link}?lang=en`);
    await form.waitForURL(link);
    expect(await form.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(form, 'survey form in English');
    await form.getByRole('button', { name: translate('en', 'survey.submit') }).click();
    await form.waitForSelector('#error-summary');
    await expectAccessible(form, 'survey form in English with the error summary');

    const admin = await newPage(DESKTOP);
    await signIn(admin, 'snv.admin', `/admin/campaigns/${campaign.id}`);
    await admin.goto(`${base}/admin/campaigns/${campaign.id}?lang=en`);
    await admin.waitForURL(`${base}/admin/campaigns/${campaign.id}`);
    expect(await admin.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(admin, 'admin campaign dashboard in English');
  });

  it('has no serious or critical violations on the officer pages: list of units and reminder confirmation', async () => {
    for (const options of [DESKTOP, PHONE]) {
      const page = await newPage(options);
      await signIn(page, 'daumoi.nhieu', '/officer');
      await expectAccessible(page, "officer's list of units");
      await page.goto(`${base}/officer/units/${units[1]!.id}/nhac-nho?campaign=${campaign.id}`);
      await expectAccessible(page, 'officer reminder confirmation');
      await page.goto(`${base}/doi-mat-khau`);
      await expectAccessible(page, 'change-password page');
    }
  });

  describe('admin pages', () => {
    const scoredId = scored.campaign.id;
    /** Pages whose tables are wider than a phone: checked on a phone too. */
    const WIDE: [string, string][] = [
      ['admin campaign list', '/admin'],
      ['units & quotas', `/admin/campaigns/${campaign.id}/units`],
      ['outbox list', '/admin/outbox'],
      ['users list', '/admin/users'],
      ['audit log', '/admin/audit'],
      ['results index', `/admin/campaigns/${scoredId}/results`],
      ['open links', `/admin/campaigns/${campaign.id}/open-links`],
      ['held answers', `/admin/campaigns/${campaign.id}/held`],
      ['enumerators', `/admin/campaigns/${campaign.id}/dieu-tra-vien`],
      ['unit results', `/admin/campaigns/${scoredId}/results/units/${scored.units.snv.id}`],
    ];
    const NARROW: [string, string][] = [
      ['imports page', `/admin/campaigns/${campaign.id}/imports`],
      ['forms list', `/admin/campaigns/${campaign.id}/forms`],
      ['questionnaire editor', `/admin/campaigns/${campaign.id}/forms/cbcc`],
      ['questionnaire preview', `/admin/campaigns/${campaign.id}/forms/cbcc/xem-truoc`],
      ['mail templates', `/admin/campaigns/${campaign.id}/mau-thu`],
      ['send confirmation', `/admin/campaigns/${campaign.id}/gui/xac-nhan?kind=reminders`],
      ['open confirmation', `/admin/campaigns/${campaign.id}/mo`],
      ['draft deletion confirmation', `/admin/campaigns/${campaign.id}/xoa`],
      ['campaign edit page', `/admin/campaigns/${campaign.id}/edit`],
      ['printable report', `/admin/campaigns/${scoredId}/results/print`],
      ['report settings', `/admin/campaigns/${scoredId}/results/settings`],
      ['change-password page', '/doi-mat-khau'],
    ];

    it.each([
      ['desktop', DESKTOP, [...WIDE, ...NARROW]],
      ['phone 375×812', PHONE, WIDE],
    ])('have no serious or critical violations on a %s', async (_name, options, pages) => {
      const page = await newPage(options);
      await signIn(page, 'snv.admin', '/admin');
      for (const [what, path] of pages) {
        const res = await page.goto(`${base}${path}`);
        expect({ what, status: res?.status() }).toEqual({ what, status: 200 });
        await expectAccessible(page, what);
      }

      const message = listOutbox(t.db, { status: 'sent', page: 1, pageSize: 1 }).rows[0]!;
      await page.goto(`${base}/admin/outbox/${message.id}`);
      await expectAccessible(page, 'outbox message');

      const user = await page.goto(`${base}/admin/users`);
      expect(user?.status()).toBe(200);
      await page.locator('a[href^="/admin/users/"]').first().click();
      await page.waitForURL(/\/admin\/users\/\d+$/);
      await expectAccessible(page, 'user edit page');
    });

    it('have no serious or critical violations on an import dry-run report with errors and warnings', async () => {
      const file = writeCsv(t.dir, 'nguoi-moi.csv', [
        'email,ho_ten,ma_don_vi,loai_phieu',
        'moi.1@soctrang.gov.vn,Nguyễn Văn Mới,SNV,cbcc',
        // SNV has no HĐND quota: imported with a warning.
        'moi.2@soctrang.gov.vn,Trần Thị Mới,SNV,hdnd',
        'khong-phai-email,Lê Văn Sai,SNV,cbcc',
        'moi.3@soctrang.gov.vn,Phạm Không Đơn Vị,XYZ,cbcc',
      ]);
      const page = await newPage(DESKTOP);
      await signIn(page, 'snv.admin', `/admin/campaigns/${campaign.id}/imports`);
      await page.setInputFiles('#file-respondents', file);
      await Promise.all([
        page.waitForURL(/\/imports\/[0-9A-Za-z_-]+$/),
        page.click('#import-respondents button[type=submit]'),
      ]);
      await expect(page.locator('table.import-errors tbody tr').count()).resolves.toBeGreaterThan(1);
      await expectAccessible(page, 'import dry-run report');

      const phone = await newPage(PHONE);
      await signIn(phone, 'snv.admin', new URL(page.url()).pathname);
      await expectAccessible(phone, 'import dry-run report');
    });
  });

  describe('keyboard only', () => {
    it('fills the whole form with Tab, Shift+Tab, arrows, Space and typing, and sends it with Enter', async () => {
      const page = await newPage(PHONE);
      const link = nextLink();
      await page.goto(link);
      const total = await page.locator('[data-question]').count();

      // The first Tab reaches the skip link, which takes the keyboard past the header.
      await page.keyboard.press('Tab');
      expect((await focused(page)).href).toBe('#main');

      const answered = new Set<string>();
      const notInSight: string[] = [];
      let presses = 0;
      for (;;) {
        await page.keyboard.press('Tab');
        if (++presses > 400) throw new Error('the submit button was never reached with Tab');
        const el = await focused(page);
        if (!(await focusInSight(page))) notInSight.push(el.id || el.name || el.tag);
        if (el.tag === 'button' && el.type === 'submit') break;
        if (!el.name.startsWith('q_') || answered.has(el.name)) continue;
        if (el.tag === 'textarea') {
          // The progress line is a live region: it changes (and is read out) once, not at every key.
          await page.evaluate(`window.progressChanges = 0;
            new MutationObserver(() => window.progressChanges++).observe(
              document.querySelector('.survey-progress-text'), { childList: true, characterData: true, subtree: true })`);
          await page.keyboard.type('Đề nghị tiếp tục đơn giản hóa thủ tục.');
          expect(await page.evaluate<number>('window.progressChanges')).toBeLessThanOrEqual(1);
          // Back to the question before and forward again: the answers stay, the order holds.
          await page.keyboard.press('Shift+Tab');
          if (!(await focusInSight(page))) notInSight.push(`${(await focused(page)).name} (Shift+Tab)`);
          await page.keyboard.press('Tab');
          expect((await focused(page)).name).toBe(el.name);
        } else if (el.type === 'radio') {
          // A radio group is one Tab stop: the arrow keys move the choice within it.
          await page.keyboard.press(answered.size % 2 === 0 ? 'Space' : 'ArrowDown');
        } else if (el.type === 'checkbox') {
          await page.keyboard.press('Space');
        }
        answered.add(el.name);
      }
      expect(answered.size).toBe(total);
      expect(notInSight).toEqual([]);
      expect((await page.locator('.survey-progress-text').textContent())?.trim()).toBe(
        `Đã trả lời ${total}/${total} câu`,
      );

      // Back to the top with Shift+Tab, each focused answer clear of the sticky progress line, then down again.
      for (let stops = 0; ; stops++) {
        await page.keyboard.press('Shift+Tab');
        const el = await focused(page);
        if (el.href === '#main') break;
        if (stops > 400) throw new Error('the skip link was never reached with Shift+Tab');
        if (el.name.startsWith('q_') && !(await focusInSight(page))) notInSight.push(`${el.id} (Shift+Tab)`);
      }
      expect(notInSight).toEqual([]);
      while ((await focused(page)).type !== 'submit') await page.keyboard.press('Tab');

      await Promise.all([page.waitForURL(`${link}/cam-on`), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').textContent()).toContain('Đã nhận phiếu khảo sát');
    });

    it('moves the focus to the error summary after an invalid submit, and its links to each question', async () => {
      const page = await newPage(DESKTOP);
      const link = nextLink();
      await page.goto(link);
      await page.getByRole('button', { name: SUBMIT }).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#error-summary');
      expect((await focused(page)).id).toBe('error-summary');
      // The focus has it read out; the alert is a child of the focused box, not the box itself (read twice).
      expect(await page.locator('#error-summary').getAttribute('role')).toBeNull();
      await expect(page.locator('#error-summary > [role="alert"]').count()).resolves.toBe(1);

      const links = await page.locator('#error-summary a').all();
      expect(links.length).toBeGreaterThan(0);
      for (let i = 0; i < links.length; i++) {
        // From the summary, Tab to the i-th link and follow it with Enter.
        await page.locator('#error-summary').focus();
        for (let k = 0; k <= i; k++) await page.keyboard.press('Tab');
        const href = (await links[i]!.getAttribute('href'))!;
        expect((await focused(page)).href).toBe(href);
        await page.keyboard.press('Enter');
        const question = href.slice('#q-'.length);
        const el = await focused(page);
        expect(el.name).toBe(`q_${question}`);
        expect(await focusInSight(page)).toBe(true);
      }

      // Answering the first question from there with the keyboard alone.
      await page.locator('#error-summary a').first().focus();
      await page.keyboard.press('Enter');
      const first = await focused(page);
      expect(first.type).toMatch(/^(radio|checkbox)$/);
      await page.keyboard.press('Space');
      await expect(page.locator(`[name="${first.name}"]:checked`).count()).resolves.toBe(1);
    });
  });
});
