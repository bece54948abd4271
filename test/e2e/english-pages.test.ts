import type { Browser } from 'playwright-core';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { updateMailTemplate } from '../../src/campaigns/update-mail-template';
import type { Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { commitUpload } from '../../src/imports/commit-upload';
import { stageUpload } from '../../src/imports/stage-upload';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { issueOpenLinks } from '../../src/open-links/issue-open-links';
import { listFormTypes } from '../../src/units/campaign-units';
import { updateCampaignUnit } from '../../src/units/update-campaign-unit';
import { browserAvailable, launchBrowser, listenLocally, signInAt } from '../helpers/browser';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { vietnameseOnPage } from '../helpers/page-language';
import { officerRoutes, seedStaffRoutes, STAFF_MAIL_SUBJECT } from '../helpers/staff-routes';
import { testApp } from '../helpers/web';

const run = browserAvailable() ? describe : describe.skip;

/** Every text of a questionnaire: its own words, shown as written whatever the reader's language. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

/** What the audit page then lists beside the campaigns' creation, opening and closing. */
const AUDITED = [
  'unit.update',
  'import.commit',
  'mail.send_invitations',
  'open_link.issue',
  'mail.templates',
];

/** Audited actions of several kinds, so the audit page shows their details (counts, a date, a wording). */
async function auditSeveralKinds(db: Db, dir: string, campaignId: number, unitId: number) {
  const now = Date.now();
  const edit = { campaignId, unitId, deadlineDate: '31/12/2099', deadlineTime: '17:00', quota_cbcc: '5' };
  orThrow(updateCampaignUnit(db, edit, SYSTEM_ACTOR, now));
  const file = writeCsv(dir, 'them.csv', ['email,ma_don_vi,loai_phieu', 'them@snv.vn,SNV,cbcc']);
  const staged = await stageUpload(db, {
    campaignId,
    kind: 'respondents',
    fileName: 'them.csv',
    tempPath: file,
  });
  orThrow(await commitUpload(db, { campaignId, uploadId: staged.uploadId }, SYSTEM_ACTOR, now));
  orThrow(sendInvitations(db, { campaignId, publicUrl: 'http://localhost' }, SYSTEM_ACTOR, now));
  orThrow(issueOpenLinks(db, { campaignId }, SYSTEM_ACTOR, now));
  orThrow(
    updateMailTemplate(
      db,
      { campaignId, kind: 'invitation', body: 'Kính gửi {ho_ten} {duong_dan}' },
      SYSTEM_ACTOR,
      now,
    ),
  );
}

/** Pages a browser shows: downloads (CSV, XLSX, JSON) are not read as pages. */
const isPage = (url: string) => !/\.(csv|xlsx|json)(\?|$)/.test(url);

run('every page in English', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ' });
  const answered = makeRespondent(t.db, campaign.id, unit.id, {
    email: 'tran.thi.binh@soctrang.gov.vn',
    fullName: 'Trần Thị Bình',
    formTypes: ['cbcc', 'hdnd'],
    tokens: ['TOKEN-open-aaaaaaaaaaaa', 'TOKEN-other-aaaaaaaaaaa'],
  });
  const closed = makeCampaign(t.db, { year: 2018 });
  const closedUnit = makeUnit(t.db, closed.id, { code: 'HCT', name: 'Huyện Châu Thành' });
  makeRespondent(t.db, closed.id, closedUnit.id, {
    email: 'an@soctrang.gov.vn',
    tokens: ['TOKEN-closed-aaaaaaaaaa'],
  });
  orThrow(closeCampaign(t.db, { campaignId: closed.id }, SYSTEM_ACTOR, Date.now()));
  // What pages show as stored: names, the questionnaires' own text, the uploaded file's name.
  const data = [
    campaign.name,
    campaign.mailSubject,
    closed.name,
    closed.mailSubject,
    'Sở Nội vụ',
    'Huyện Châu Thành',
    answered.person.fullName,
    'Nguyễn Văn A',
    STAFF_MAIL_SUBJECT,
    ...listFormTypes(t.db).map((f) => f.name),
    ...textsOf(DEFAULT_FORMS),
  ];
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let browser: Browser;
  let adminPages: string[];

  beforeAll(async () => {
    adminPages = (await seedStaffRoutes(t.db, t.dir, campaign.id, unit.id)).gets.filter(isPage);
    await auditSeveralKinds(t.db, t.dir, campaign.id, unit.id);
    server = await listenLocally(testApp(t.db, t.dir));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t.cleanup();
  });

  // Open-link posters are printed for the one-stop shop's visitors: a Vietnamese document (`<html lang="vi">`)
  // whatever the language of the admin or officer who downloads them.
  const PRINTED_IN_VIETNAMESE = /\/(open-links\/posters|ap-phich)(\?|$)/;

  /** The Vietnamese words left on each page, signed in as `username` (or not signed in). */
  async function scan(username: string | null, urls: string[]): Promise<Record<string, string[]>> {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'lang', value: 'en', url: server.base }]);
    const page = await context.newPage();
    try {
      if (username) await signInAt(page, `${server.base}${urls[0]}`, username);
      const found: Record<string, string[]> = {};
      for (const url of urls.filter((u) => !PRINTED_IN_VIETNAMESE.test(u))) {
        await page.goto(`${server.base}${url}`);
        // Mail previews show the mail as it is sent, in Vietnamese.
        const skip = ['.mail-preview', '#preview-text'];
        const words = await vietnameseOnPage(page, data, skip);
        if (words.length > 0) found[url] = words;
      }
      return found;
    } finally {
      await context.close();
    }
  }

  it('shows no Vietnamese sentence on the admin pages, results, imports, accounts, templates and audit log', async () => {
    const logged = t.db.$client.prepare('select distinct action from audit_log').pluck().all();
    expect(logged).toEqual(
      expect.arrayContaining(['campaign.create', 'campaign.open', 'campaign.close', ...AUDITED]),
    );
    expect(adminPages).toContain('/admin/audit');
    const closedPages = [
      `/admin/campaigns/${closed.id}`,
      `/admin/campaigns/${closed.id}/results`,
      `/admin/campaigns/${closed.id}/results/units/${closedUnit.id}`,
      `/admin/campaigns/${closed.id}/results/print`,
      `/admin/campaigns/${closed.id}/xoa-du-lieu`,
    ];
    expect(await scan('admin', [...adminPages, ...closedPages, '/doi-mat-khau'])).toEqual({});
  });

  it('shows no Vietnamese sentence on the officer pages', async () => {
    expect(await scan('officer.a', officerRoutes(campaign.id, unit.id).filter(isPage))).toEqual({});
  });

  it('shows no Vietnamese sentence on the sign-in, survey and error pages', async () => {
    const pages = [
      '/dang-nhap',
      '/s/TOKEN-open-aaaaaaaaaaaa',
      '/s/TOKEN-closed-aaaaaaaaaa',
      '/s/TOKEN-unknown-aaaaaaaaa',
      '/khong-co-trang-nay',
    ];
    expect(await scan(null, pages)).toEqual({});
  });
});
