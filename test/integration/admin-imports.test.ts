import fs from 'node:fs';
import path from 'node:path';
import { t as msg } from '../../src/i18n/messages';
import { previewImport } from '../../src/imports/run-import';
import { MAX_UPLOAD_BYTES } from '../../src/web/admin/imports';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv, writeXlsx } from '../helpers/import-files';
import { csrfFrom, downloadWorkbook, makeUser, signIn, testApp } from '../helpers/web';

const count = (t: ReturnType<typeof createTestDb>, table: string) =>
  (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

/** The token of an upload form: multipart bodies carry it in the form's action URL. */
async function uploadAction(agent: Awaited<ReturnType<typeof signIn>>, campaignId: number, kind: string) {
  const page = await agent.get(`/admin/campaigns/${campaignId}/imports`);
  const match = new RegExp(`action="(/admin/campaigns/${campaignId}/imports/${kind}\\?_csrf=[^"]+)"`).exec(
    page.text,
  );
  if (!match) throw new Error('no upload form');
  return match[1]!.replace(/&amp;/g, '&');
}

describe('admin imports through the web', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const app = testApp(t.db, t.dir);
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'admin', 'admin');
    admin = await signIn(app, 'admin');
  });
  afterAll(() => t.cleanup());
  /** Sends a file through the campaign's import page; the POST's response (a redirect to its report). */
  const upload = async (campaignId: number, kind: string, file: string | Buffer, name: string) =>
    admin.post(await uploadAction(admin, campaignId, kind)).attach('file', file, name);

  it('checks an XLSX units file, shows the dry-run report, and writes the units only when confirmed', async () => {
    const file = await writeXlsx(t.dir, 'don-vi.xlsx', [
      {
        name: 'Đơn vị',
        rows: [
          ['Danh sách đơn vị 2019'],
          ['ma_don_vi', 'ten_don_vi', 'nhom', 'chi_tieu_cbcc', 'chi_tieu_hdnd'],
          ['SNV', 'Sở Nội vụ', 'so_nganh', 12, 0],
          ['VCHAU', 'UBND thị xã Vĩnh Châu', 'ubnd_huyen', 8, 4],
          ['XX', 'Đơn vị sai nhóm', 'khong-co', 3, 0],
        ],
      },
    ]);
    const posted = await upload(campaign.id, 'units', file, 'Đơn vị 2019.xlsx');
    expect(posted.status).toBe(303);
    const report = await admin.get(posted.headers.location!);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Đơn vị 2019.xlsx');
    expect(report.text).toMatch(/data-report="total">3</);
    expect(report.text).toMatch(/data-report="valid">2</);
    expect(report.text).toMatch(/data-summary="created">2</);
    expect(report.text).toMatch(/<td class="num">5<\/td><td>nhom<\/td>/);
    expect(report.text).toContain(msg('admin.imports.commit', { n: 2 }));
    expect(count(t, 'campaign_units')).toBe(0);

    const errorsCsv = await admin.get(`${posted.headers.location}/loi.csv`);
    expect(errorsCsv.headers['content-type']).toContain('text/csv');
    expect(errorsCsv.text).toContain('nhom');
    // Named after the uploaded file, with a column saying what each line is.
    expect(errorsCsv.headers['content-disposition']).toContain(encodeURIComponent('loi-Đơn vị 2019.csv'));
    expect(errorsCsv.text).toContain('Dòng,Cột,Loại,Nội dung');
    expect(errorsCsv.text).toContain('5,nhom,Lỗi,');

    const token = await csrfFrom(admin, posted.headers.location!);
    const committed = await admin
      .post(`${posted.headers.location}/commit`)
      .type('form')
      .send({ _csrf: token });
    expect(committed.status).toBe(200);
    expect(committed.text).toContain(msg('admin.imports.doneNotice'));
    expect(count(t, 'campaign_units')).toBe(2);

    const again = await admin.post(`${posted.headers.location}/commit`).type('form').send({ _csrf: token });
    expect(again.status).toBe(409);
    expect(count(t, 'campaign_units')).toBe(2);
  });

  it('imports a CSV respondents file and creates one invitation per person and form', async () => {
    const file = writeCsv(t.dir, 'nguoi.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'an@snv.vn,Nguyễn Văn An,SNV,cbcc',
      'binh@vinhchau.vn,Trần Thị Bình,VCHAU,hdnd',
      'khong-phai-email,Lê C,SNV,cbcc',
      'chi@snv.vn,Phạm Chi,SNV,hdnd',
    ]);
    const posted = await upload(campaign.id, 'respondents', file, 'nguoi.csv');
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toMatch(/data-report="valid">3</);
    expect(report.text).toMatch(/data-summary="invitationsCreated">3</);
    // SNV's HĐND quota is 0: the row is imported, with a warning to check.
    expect(report.text).toContain(msg('admin.imports.warningsTitle', { count: 1 }));
    // A warning is not an error: its column says what it is.
    const warnings = report.text.slice(report.text.indexOf('class="import-warnings"'));
    expect(warnings).toContain(`<th>${msg('admin.imports.col.note')}</th>`);
    expect(warnings).not.toContain(`<th>${msg('admin.imports.col.message')}</th>`);
    const csv = (await admin.get(`${posted.headers.location}/loi.csv`)).text;
    expect(csv).toContain('5,loai_phieu,Cần xem lại,Đơn vị SNV không có chỉ tiêu phiếu hdnd');
    expect(report.text).toContain(
      '<td class="num">5</td><td>loai_phieu</td><td>' +
        'Đơn vị SNV không có chỉ tiêu phiếu hdnd: 1 phiếu mời loại này vẫn được tạo; kiểm tra lại loại phiếu hoặc chỉ tiêu.',
    );
    const token = await csrfFrom(admin, posted.headers.location!);
    await admin.post(`${posted.headers.location}/commit`).type('form').send({ _csrf: token });
    expect(count(t, 'respondents')).toBe(3);
    expect(count(t, 'invitations')).toBe(3);
  });

  it('reports a namesake at a new address as a new person to check, naming both addresses', async () => {
    const file = writeCsv(t.dir, 'bo-sung.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'an.moi@snv.vn,Nguyễn Văn An,SNV,cbcc',
    ]);
    const posted = await upload(campaign.id, 'respondents', file, 'bo-sung.csv');
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toMatch(/data-summary="created">1</);
    expect(report.text).toMatch(/data-summary="updated">0</);
    expect(report.text).toContain(
      '<td class="num">2</td><td>ho_ten</td><td>' +
        msg('imports.warnings.sameName', {
          email: 'an.moi@snv.vn',
          name: 'Nguyễn Văn An',
          existing: 'an@snv.vn',
          unit: 'SNV',
        }),
    );
  });

  it('offers the list to check as CSV when a report has warnings but no errors', async () => {
    const file = writeCsv(t.dir, 'chi-canh-bao.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'giang@snv.vn,Lê Giang,SNV,hdnd',
    ]);
    const posted = await upload(campaign.id, 'respondents', file, 'chi-canh-bao.csv');
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toContain(msg('admin.imports.noErrors'));
    expect(report.text).toContain(
      `<a href="${posted.headers.location}/loi.csv">${msg('admin.imports.warningsCsv')}</a>`,
    );
    const csv = (await admin.get(`${posted.headers.location}/loi.csv`)).text;
    expect(csv).toContain('2,loai_phieu,Cần xem lại,Đơn vị SNV không có chỉ tiêu phiếu hdnd');
  });

  it("takes Excel's Unicode Text (.txt, UTF-16, tab-separated) through the upload page", async () => {
    const file = path.join(t.dir, 'nguoi-unicode.txt');
    const text = 'Email\tHọ tên\tMã đơn vị\tLoại phiếu\r\nduong@snv.vn\tVõ Dương\tSNV\tcbcc\r\n';
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const posted = await upload(campaign.id, 'respondents', file, 'nguoi-unicode.txt');
    expect(posted.status).toBe(303);
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toMatch(/data-report="valid">1</);
    expect(report.text).toContain(msg('admin.imports.commit', { n: 1 }));
  });

  it('shows why an unusable file cannot be imported, offers no commit, and writes nothing', async () => {
    const before = count(t, 'respondents');
    const file = writeCsv(t.dir, 'rong.csv', ['cot_la,cot_khac', 'a,b']);
    const posted = await upload(campaign.id, 'respondents', file, 'rong.csv');
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toContain(msg('admin.imports.unusable'));
    expect(report.text).not.toContain('action="' + posted.headers.location + '/commit"');
    expect(count(t, 'respondents')).toBe(before);
  });

  it('refuses a file that is neither XLSX nor CSV, with the reason on the upload page', async () => {
    const file = writeCsv(t.dir, 'thu.txt', ['hello']);
    const res = await upload(campaign.id, 'units', file, 'thu.pdf');
    expect(res.status).toBe(400);
    expect(res.text).toContain(msg('admin.imports.wrongType', { name: 'thu.pdf' }).replace(/"/g, '&#34;'));
    expect(
      t.db.$client.prepare('select count(*) as n from import_uploads where file_name = ?').get('thu.pdf'),
    ).toEqual({
      n: 0,
    });
  });

  it('refuses a file over the size limit with a clear message and keeps nothing of it', async () => {
    const before = count(t, 'import_uploads');
    const res = await upload(campaign.id, 'units', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a'), 'lon.csv');
    expect(res.status).toBe(413);
    expect(res.text).toContain(msg('admin.imports.tooLarge', { mb: 20 }));
    expect(count(t, 'import_uploads')).toBe(before);
    expect(fs.readdirSync(path.join(t.dir, 'uploads', 'tmp'))).toEqual([]);
  });

  it('refuses a multipart upload without the CSRF token in its action URL', async () => {
    const before = count(t, 'import_uploads');
    const file = writeCsv(t.dir, 'khong-token.csv', ['email,ma_don_vi,loai_phieu', 'x@snv.vn,SNV,cbcc']);
    const res = await admin.post(`/admin/campaigns/${campaign.id}/imports/respondents`).attach('file', file);
    expect(res.status).toBe(403);
    expect(count(t, 'import_uploads')).toBe(before);
  });

  it('cancels a checked upload so it can no longer be committed', async () => {
    const file = writeCsv(t.dir, 'huy.csv', ['email,ma_don_vi,loai_phieu', 'huy@snv.vn,SNV,cbcc']);
    const posted = await upload(campaign.id, 'respondents', file, 'huy.csv');
    const token = await csrfFrom(admin, posted.headers.location!);
    const cancelled = await admin
      .post(`${posted.headers.location}/cancel`)
      .type('form')
      .send({ _csrf: token });
    expect(cancelled.status).toBe(303);
    expect((await admin.get(posted.headers.location!)).status).toBe(404);
    const audit = t.db.$client.prepare('select action from audit_log order by id').all() as {
      action: string;
    }[];
    // The commit and the cancel change something; a dry run reads the file and is not audited.
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['import.commit', 'import.cancel']));
    expect(audit.map((a) => a.action)).not.toContain('import.preview');
  });

  it('serves sample workbooks that the importer reads without a single error', async () => {
    for (const name of ['mau-don-vi.xlsx', 'mau-nguoi-khao-sat.xlsx']) {
      const { res, workbook } = await downloadWorkbook(admin, `/admin/imports/${name}`);
      const header = workbook.worksheets[0]!.getRow(1).values as unknown[];
      expect(header).toContain(name === 'mau-don-vi.xlsx' ? 'Mã ĐV' : 'Địa chỉ email');
      const filePath = path.join(t.dir, name);
      fs.writeFileSync(filePath, res.body as Buffer);
      const kind = name === 'mau-don-vi.xlsx' ? 'units' : 'respondents';
      const report = await previewImport(t.db, { campaignId: campaign.id, kind, filePath, fileName: name });
      expect(report).toMatchObject({ usable: true, validRows: 2, errors: [] });
    }
  });

  it('asks for the units first while the campaign has none, on the upload page and on a respondents report', async () => {
    const empty = makeCampaign(t.db);
    const page = await admin.get(`/admin/campaigns/${empty.id}/imports`);
    expect(page.text).toContain('data-needs-units');
    expect(page.text).toContain(msg('admin.imports.unitsFirst'));
    const file = writeCsv(t.dir, 'nguoi-truoc.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'a@x.vn,A,SNV,cbcc',
    ]);
    const posted = await upload(empty.id, 'respondents', file, 'nguoi-truoc.csv');
    const report = await admin.get(posted.headers.location!);
    expect(report.text).toContain(msg('admin.imports.unitsFirst'));
    // A campaign with units says nothing of the kind.
    const ready = makeCampaign(t.db);
    makeUnit(t.db, ready.id, { code: 'SAN-SANG' });
    expect((await admin.get(`/admin/campaigns/${ready.id}/imports`)).text).not.toContain('data-needs-units');
  });
});
