import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { t as msg } from '../../src/i18n/messages';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import {
  browserAvailable,
  collectProblems,
  launchBrowser,
  listenLocally,
  signInAt,
} from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { startTestSmtp } from '../helpers/smtp';
import { makeUser, testApp } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const run = browserAvailable() ? describe : describe.skip;

const EDITED = [
  '{loi_chao}',
  '',
  'Sở Nội vụ kính mời Ông/Bà dành 10 phút trả lời {loai_phieu} của {don_vi}.',
  'Phiếu không ghi tên; ý kiến của Ông/Bà giúp cải cách hành chính <thực chất> hơn.',
  '',
  '{duong_dan}',
  '',
  'Xin trả lời trước {han_tra_loi}. Trân trọng cảm ơn!',
].join('\n');

run('an admin edits a mail template in a real browser, and the mail sent carries the edit', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'STP', name: 'Sở Tư pháp', quotas: { cbcc: 5, hdnd: 2 } });
  makeRespondent(t.db, campaign.id, unit.id, {
    email: 'le.thi.hoa@soctrang.gov.vn',
    fullName: 'Lê Thị Hoa',
    formTypes: ['cbcc', 'hdnd'],
  });
  const app = testApp(t.db, t.dir);
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let browser: Browser;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    smtp = await startTestSmtp();
    server = await listenLocally(app);
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
    await smtp.close();
    t.cleanup();
  });

  it('refuses an unknown field with its line, previews the real mail, saves, and the mail sent says the same in both parts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = collectProblems(page);
    const editor = `${server.base}/admin/campaigns/${campaign.id}/mau-thu`;
    await signInAt(page, editor, 'snv.admin');

    // A misspelt field: refused, named with its line and the field meant, the text kept as typed.
    await page.fill('#tpl-body', EDITED.replace('{don_vi}', '{don vi}'));
    await page.click(`button:text-is("${msg('admin.templates.preview')}")`);
    const error = page.locator('#template-errors');
    await expect(error.textContent()).resolves.toContain(
      'Dòng 3: không có trường {don vi}; có phải {don_vi}?',
    );
    await expect(page.locator('#tpl-body').inputValue()).resolves.toContain('{don vi}');
    await expect(page.locator('iframe.mail-frame').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'admin-mail-template-error.png'), fullPage: true });

    // Corrected: the preview is the mail itself, styled as sent, with its subject and text part.
    await page.fill('#tpl-body', EDITED);
    await page.click(`button:text-is("${msg('admin.templates.preview')}")`);
    await expect(page.locator('#preview-subject').textContent()).resolves.toBe(campaign.mailSubject);
    const frame = page.frameLocator('iframe.mail-frame');
    await expect(frame.locator('body').textContent()).resolves.toContain(
      'dành 10 phút trả lời Phiếu lãnh đạo, công chức, viên chức của Sở Tư pháp.',
    );
    // The mail's own styles apply in the frame: its button is the blue of the mail sent.
    const mailFrame = page.frames().find((f) => f !== page.mainFrame())!;
    await expect(
      mailFrame.evaluate<string>(`getComputedStyle([...document.querySelectorAll('a')]
        .find((a) => a.textContent === ${JSON.stringify(msg('mail.openForm'))})).backgroundColor`),
    ).resolves.toBe('rgb(11, 87, 208)');
    await expect(page.locator('#preview-text').textContent()).resolves.toContain(
      'cải cách hành chính <thực chất> hơn.',
    );
    // A frame below the fold is painted once it has been in view.
    await page.locator('iframe.mail-frame').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'admin-mail-template.png'), fullPage: true });

    await Promise.all([
      page.waitForURL(/saved=1/),
      page.click(`button:text-is("${msg('admin.templates.save')}")`),
    ]);
    await expect(page.locator('[role=status]').first().textContent()).resolves.toBe(
      msg('admin.templates.saved'),
    );
    await expect(page.locator('#tpl-body').inputValue()).resolves.toBe(EDITED);
    expect(problems).toEqual([]);
    await page.close();

    const config = testConfig();
    orThrow(
      sendInvitations(
        t.db,
        { campaignId: campaign.id, publicUrl: config.PUBLIC_URL },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t.dir, poolSize: 1 });
    try {
      await deliverDueMail(t.db, mailer, { from: config.MAIL_FROM, now: Date.now() });
    } finally {
      mailer.close();
    }
    await smtp.waitFor(2);
    for (const mail of smtp.received) {
      expect(mail.subject).toBe(campaign.mailSubject);
      expect(mail.text).toContain('Kính gửi Ông/Bà Lê Thị Hoa,');
      expect(mail.text).toContain('dành 10 phút trả lời Phiếu');
      expect(mail.text).toContain('cải cách hành chính <thực chất> hơn.');
      expect(mail.text).toContain(msg('mail.personalDataNotice', { sender: msg('mail.defaultSender') }));
      expect(mail.html).toContain('Kính gửi Ông/Bà Lê Thị Hoa,');
      expect(mail.html).toContain('dành 10 phút trả lời <strong>Phiếu');
      expect(mail.html).toContain('cải cách hành chính &lt;thực chất&gt; hơn.');
      expect(mail.html).toMatch(/<a href="http:\/\/[^"]+\/s\/[\w-]{22}" style="display:inline-block/);
    }
  });
});
