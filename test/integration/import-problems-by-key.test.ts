import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMessageKey, t as msg, translate } from '../../src/i18n/messages';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

const t = createTestDb();
const campaign = makeCampaign(t.db);
makeUnit(t.db, campaign.id, { code: 'SNV', quotas: { cbcc: 30 } });
const app = testApp(t.db, t.dir);
let admin: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  await makeUser(t.db, 'snv.admin', 'admin');
  admin = await signIn(app, 'snv.admin');
});
afterAll(() => t.cleanup());

const imports = `/admin/campaigns/${campaign.id}/imports`;
const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);
const csvRows = (text: string) => parseCsv(text.replace(/^\uFEFF/, '')) as string[][];

/** Uploads a file through the import page; the address of its report. */
async function upload(kind: 'units' | 'respondents', lines: string[], name: string): Promise<string> {
  const file = writeCsv(t.dir, name, lines);
  const _csrf = await csrfFrom(admin, imports);
  const posted = await admin
    .post(`${imports}/${kind}?_csrf=${encodeURIComponent(_csrf)}`)
    .attach('file', file, name);
  expect(posted.status).toBe(303);
  return posted.headers.location!;
}

const storedReport = (reportUrl: string) =>
  JSON.parse(
    t.db.$client
      .prepare('select report from import_uploads where id = ?')
      .pluck()
      .get(reportUrl.split('/').pop()) as string,
  );

const UNITS_WITH_PROBLEMS = [
  'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,ngay_gui,han_tra_loi',
  'STP,Sở Tư pháp,so_nganh,20,,04/12/2019',
  'SYT,Sở Y tế,so_nganh,abc,05/12/2019,04/12/2019',
];

describe('an import report', () => {
  it('stores each error and warning as a message key with its values, never a sentence', async () => {
    const report = storedReport(await upload('units', UNITS_WITH_PROBLEMS, 'don-vi.csv'));
    expect(report.errors).toEqual([
      { row: 3, column: 'chi_tieu_cbcc', key: 'imports.badQuota', params: { value: 'abc', max: 100_000 } },
      {
        row: 3,
        column: 'ngay_gui',
        key: 'imports.sendAfterDeadline',
        params: { send: '05/12/2019', time: '23:59', date: '04/12/2019' },
      },
    ]);
    expect(report.warnings).toEqual([
      {
        row: 2,
        column: 'han_tra_loi',
        key: 'imports.warnings.deadlinePassed',
        params: { time: '23:59', date: '04/12/2019' },
      },
    ]);
    for (const problem of [...report.errors, ...report.warnings])
      expect(isMessageKey(problem.key)).toBe(true);
  });

  it('stores a file refused as a whole by key too: the reason crosses from the parsing thread as a key', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806', 'hex').toString('latin1');
    const report = storedReport(await upload('respondents', [png], 'anh.csv'));
    expect(report).toMatchObject({
      usable: false,
      errors: [{ row: 0, key: 'imports.notTabular', params: { file: 'anh.csv' } }],
    });
  });

  it('is put into the reader’s words: the page and the error list in English, or Vietnamese by default', async () => {
    const reportUrl = await upload('units', UNITS_WITH_PROBLEMS, 'don-vi-2.csv');
    const badQuota = { value: 'abc', max: '100,000' };
    const english = (await admin.get(reportUrl).set('Cookie', 'lang=en')).text;
    expect(english).toContain(en('imports.badQuota', badQuota).replace(/"/g, '&#34;'));
    expect(english).toContain(en('imports.warnings.deadlinePassed', { time: '23:59', date: '04/12/2019' }));
    expect(english).not.toContain(
      msg('imports.warnings.deadlinePassed', { time: '23:59', date: '04/12/2019' }),
    );
    const englishCsv = csvRows((await admin.get(`${reportUrl}/loi.csv`).set('Cookie', 'lang=en')).text);
    expect(englishCsv[0]).toEqual(
      (['row', 'column', 'kind', 'text'] as const).map((k) => en(`admin.imports.col.${k}`)),
    );
    expect(englishCsv).toContainEqual([
      '3',
      'chi_tieu_cbcc',
      en('admin.imports.col.message'),
      en('imports.badQuota', badQuota),
    ]);

    const vietnamese = csvRows((await admin.get(`${reportUrl}/loi.csv`)).text);
    expect(vietnamese).toContainEqual([
      '3',
      'chi_tieu_cbcc',
      msg('admin.imports.col.message'),
      msg('imports.badQuota', { value: 'abc', max: '100.000' }),
    ]);
  });

  it('stored before messages by key (finished Vietnamese sentences) still shows, downloads and commits', async () => {
    const sentence = 'Địa chỉ email không hợp lệ: "sai-email".';
    const warning =
      'Đơn vị SNV không có chỉ tiêu phiếu hdnd: 1 phiếu mời loại này vẫn được tạo; kiểm tra lại loại phiếu hoặc chỉ tiêu.';
    const counted = 'Địa chỉ email không hợp lệ: "…".';
    // As the release before messages by key stored it.
    const oldReport = {
      kind: 'respondents',
      fileName: 'danh-sach-cu.csv',
      usable: true,
      headerRow: 1,
      totalRows: 3,
      validRows: 1,
      errors: [{ row: 3, column: 'email', message: sentence }],
      warnings: [{ row: 2, column: 'loai_phieu', message: warning }],
      omitted: { errors: [{ column: 'email', message: counted, count: 7 }], warnings: [] },
      summary: { created: 1, updated: 0, unchanged: 0, invitationsCreated: 1 },
    };
    fs.mkdirSync(path.join(t.dir, 'uploads'), { recursive: true });
    fs.writeFileSync(
      path.join(t.dir, 'uploads', 'bao-cao-cu-1.csv'),
      'email,ma_don_vi,loai_phieu\ncu@snv.vn,SNV,hdnd\nsai-email,SNV,cbcc\n',
    );
    t.db.$client
      .prepare(
        `insert into import_uploads (id, kind, campaign_id, file_name, stored_path, report, created_at)
         values ('bao-cao-cu-1', 'respondents', ?, 'danh-sach-cu.csv', 'uploads/bao-cao-cu-1.csv', ?, 0)`,
      )
      .run(campaign.id, JSON.stringify(oldReport));
    const reportUrl = `${imports}/bao-cao-cu-1`;

    for (const lang of ['vi', 'en']) {
      const page = await admin.get(reportUrl).set('Cookie', `lang=${lang}`);
      expect(page.status).toBe(200);
      for (const text of [sentence, warning, counted])
        expect(page.text).toContain(text.replace(/"/g, '&#34;'));
      expect(page.text).toMatch(/data-omitted-count>7</);
    }
    const rows = csvRows((await admin.get(`${reportUrl}/loi.csv`)).text);
    expect(rows).toContainEqual(['3', 'email', msg('admin.imports.col.message'), sentence]);
    expect(rows).toContainEqual(['2', 'loai_phieu', msg('admin.imports.col.note'), warning]);
    expect(rows).toContainEqual([
      '',
      'email',
      msg('admin.imports.col.message'),
      msg('admin.imports.omittedLine', { count: 7, message: counted }),
    ]);

    const _csrf = await csrfFrom(admin, reportUrl);
    const committed = await admin.post(`${reportUrl}/commit`).type('form').send({ _csrf });
    expect(committed.status).toBe(200);
    expect(committed.text).toMatch(/data-summary="created">1</);
    const people = t.db.$client
      .prepare('select email from respondents where campaign_id = ?')
      .pluck()
      .all(campaign.id);
    expect(people).toEqual(['cu@snv.vn']);
  });
});
