import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { inVietnamese, writeCsv, writeXlsx, zipWithOneFile } from '../helpers/import-files';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { commitUpload } from '../../src/imports/commit-upload';
import { previewImport } from '../../src/imports/run-import';
import { stageUpload } from '../../src/imports/stage-upload';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { TOKEN_PATTERN } from '../../src/tokens';
import { t as msg } from '../../src/i18n/messages';
import { cliOn } from '../helpers/cli';

let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
beforeEach(() => {
  ctx = createTestDb();
  campaignId = makeCampaign(ctx.db).id;
  makeUnit(ctx.db, campaignId, { code: 'SNV', quotas: { cbcc: 30 } });
  makeUnit(ctx.db, campaignId, { code: 'HCT', group: 'ubnd_huyen', quotas: { cbcc: 50, hdnd: 30 } });
});
afterEach(() => ctx.cleanup());

const NOW = Date.UTC(2019, 10, 1);
const run = async (file: string, commit = true) => {
  const input = { campaignId, kind: 'respondents' as const, filePath: file, fileName: path.basename(file) };
  const report = commit
    ? orThrow(await commitImport(ctx.db, input, SYSTEM_ACTOR, NOW))
    : await previewImport(ctx.db, input, NOW);
  return inVietnamese(report);
};

type PersonRow = { email: string; fullName: string; forms: string; units: string };
function people(): PersonRow[] {
  return ctx.db.$client
    .prepare(
      `select r.email, r.full_name as fullName,
         group_concat(i.form_type, ',') as forms,
         group_concat(u.code, ',') as units
       from respondents r join invitations i on i.respondent_id = r.id join units u on u.id = i.unit_id
       where r.campaign_id = ? group by r.id order by r.email`,
    )
    .all(campaignId) as PersonRow[];
}
const count = (table: string) =>
  (ctx.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('respondents import', () => {
  it('reads a CSV without BOM, trimming and lower-casing emails, with a dual-group person as one row', async () => {
    const file = writeCsv(ctx.dir, 'nguoi.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      '  Nguyen.Van.A@SocTrang.gov.vn ,Nguyễn Văn A,SNV,cbcc',
      'tranthib@soctrang.gov.vn,Trần Thị B,hct,"cbcc,hdnd"',
      'lec@soctrang.gov.vn,Lê C,HCT,Đại biểu HĐND',
      'phamd@soctrang.gov.vn,Phạm D,HCT,"Lãnh đạo, công chức, viên chức"',
    ]);
    const report = await run(file);
    expect(report).toMatchObject({ usable: true, headerRow: 1, totalRows: 4, validRows: 4, errors: [] });
    expect(report.summary).toEqual({ created: 4, updated: 0, unchanged: 0, invitationsCreated: 5 });
    expect(people()).toEqual([
      { email: 'lec@soctrang.gov.vn', fullName: 'Lê C', forms: 'hdnd', units: 'HCT' },
      { email: 'nguyen.van.a@soctrang.gov.vn', fullName: 'Nguyễn Văn A', forms: 'cbcc', units: 'SNV' },
      { email: 'phamd@soctrang.gov.vn', fullName: 'Phạm D', forms: 'cbcc', units: 'HCT' },
      { email: 'tranthib@soctrang.gov.vn', fullName: 'Trần Thị B', forms: 'cbcc,hdnd', units: 'HCT,HCT' },
    ]);
    const tokens = ctx.db.$client.prepare('select token from invitations').pluck().all() as string[];
    expect(new Set(tokens).size).toBe(5);
    for (const token of tokens) expect(token).toMatch(TOKEN_PATTERN);
  });

  it('reads an XLSX with a title row and Vietnamese headers on the second sheet, a dual-group person as two rows', async () => {
    const file = await writeXlsx(ctx.dir, 'danh-sach.xlsx', [
      { name: 'Hướng dẫn', rows: [['Điền danh sách ở trang sau'], ['Mỗi người một dòng']] },
      {
        name: 'Danh sách',
        rows: [
          ['DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT'],
          ['STT', 'Họ và tên', 'Địa chỉ email', 'Mã đơn vị', 'Loại phiếu khảo sát'],
          [1, 'Trần Thị B', 'TranThiB@SocTrang.gov.vn', 'HCT', 'cbcc'],
          [2, 'Trần Thị B', 'tranthib@soctrang.gov.vn ', 'HCT', 'HĐND'],
          [3, 'Võ Văn E', 'voe@soctrang.gov.vn', 'SNV', 'CBCCVC'],
        ],
      },
    ]);
    const report = await run(file);
    expect(report).toMatchObject({
      sheetName: 'Danh sách',
      headerRow: 2,
      totalRows: 3,
      validRows: 3,
      errors: [],
    });
    expect(report.summary).toEqual({ created: 2, updated: 0, unchanged: 0, invitationsCreated: 3 });
    expect(people()).toEqual([
      { email: 'tranthib@soctrang.gov.vn', fullName: 'Trần Thị B', forms: 'cbcc,hdnd', units: 'HCT,HCT' },
      { email: 'voe@soctrang.gov.vn', fullName: 'Võ Văn E', forms: 'cbcc', units: 'SNV' },
    ]);
    const progress = getCampaignProgress(ctx.db, campaignId).map((p) => [p.unitCode, p.formType, p.invited]);
    expect(progress).toEqual(
      expect.arrayContaining([
        ['HCT', 'cbcc', 1],
        ['HCT', 'hdnd', 1],
        ['SNV', 'cbcc', 1],
      ]),
    );
  });

  it("reads Excel's Unicode Text (UTF-16 with a byte order mark, tab-separated) and a tab-separated UTF-8 .txt", async () => {
    const lines = [
      'DANH SÁCH NGƯỜI ĐƯỢC KHẢO SÁT',
      'Họ và tên\tĐịa chỉ email\tMã đơn vị\tLoại phiếu',
      'Nguyễn Văn Ánh\tanh@soctrang.gov.vn\tSNV\tcbcc',
      'Trần Thị Bích\tbich@soctrang.gov.vn\tHCT\tcbcc,hdnd',
    ];
    const utf16 = path.join(ctx.dir, 'danh-sach.txt');
    fs.writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]),
    );
    expect(await run(utf16)).toMatchObject({ usable: true, headerRow: 2, validRows: 2, errors: [] });
    expect(people()).toEqual([
      { email: 'anh@soctrang.gov.vn', fullName: 'Nguyễn Văn Ánh', forms: 'cbcc', units: 'SNV' },
      { email: 'bich@soctrang.gov.vn', fullName: 'Trần Thị Bích', forms: 'cbcc,hdnd', units: 'HCT,HCT' },
    ]);

    const utf8 = writeCsv(ctx.dir, 'them.txt', [
      'Email\tHọ tên\tMã đơn vị\tLoại phiếu',
      'cuong@soctrang.gov.vn\tLê Cường\tSNV\tcbcc',
    ]);
    expect(await run(utf8)).toMatchObject({ usable: true, validRows: 1, errors: [] });
    expect(people().map((p) => p.fullName)).toContain('Lê Cường');
  });

  it('drops invisible characters pasted into an email, and adds the new part of a "cbcc,hdnd" row for someone listed', async () => {
    const file = writeCsv(ctx.dir, 'dan.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'an\u200b@soctrang.gov.vn\u00a0,Nguyễn An,HCT,cbcc',
      'an@soctrang.gov.vn,Nguyễn An,HCT,"cbcc,hdnd"',
      '\ufeffbinh@soctrang.gov.vn,Trần Bình,HCT,hdnd',
      'binh@soctrang.gov.vn,Trần Bình,HCT,hdnd',
    ]);
    const report = await run(file);
    expect(report.errors).toEqual([
      { row: 5, column: 'email', message: 'Người có email này đã có phiếu hdnd ở dòng 4.' },
    ]);
    expect(report.warnings).toEqual([
      {
        row: 3,
        column: 'loai_phieu',
        message: 'Người có email này đã có phiếu cbcc ở dòng 2: dòng này chỉ thêm phiếu hdnd.',
      },
    ]);
    expect(people()).toEqual([
      { email: 'an@soctrang.gov.vn', fullName: 'Nguyễn An', forms: 'cbcc,hdnd', units: 'HCT,HCT' },
      { email: 'binh@soctrang.gov.vn', fullName: 'Trần Bình', forms: 'hdnd', units: 'HCT' },
    ]);
  });

  it('reports each bad row with its line number and column and imports the rest', async () => {
    const file = writeCsv(ctx.dir, 'loi.csv', [
      'Danh sách người được khảo sát',
      '',
      'Email;Họ tên;Mã đơn vị;Loại phiếu',
      'a@soctrang.gov.vn;A;SNV;cbcc',
      'nguyen van b@soctrang.gov.vn;B;SNV;cbcc',
      'c.soctrang.gov.vn;C;SNV;cbcc',
      'd@soctrang.gov.vn;D;XYZ;cbcc',
      'e@soctrang.gov.vn;E;SNV;phieu la',
      'A@SOCTRANG.GOV.VN;A lần hai;SNV;cbcc',
      ';F;SNV;cbcc',
      'g@soctrang.gov.vn;G;;',
    ]);
    const report = await run(file);
    expect(report.headerRow).toBe(3);
    expect(report.totalRows).toBe(8);
    expect(report.validRows).toBe(1);
    expect(report.errors).toEqual([
      { row: 5, column: 'Email', message: 'Địa chỉ email không hợp lệ: "nguyen van b@soctrang.gov.vn".' },
      { row: 6, column: 'Email', message: 'Địa chỉ email không hợp lệ: "c.soctrang.gov.vn".' },
      { row: 7, column: 'Mã đơn vị', message: 'Mã đơn vị "XYZ" không có trong đợt khảo sát này.' },
      { row: 8, column: 'Loại phiếu', message: 'Loại phiếu không hợp lệ: "phieu la" (dùng: cbcc, hdnd).' },
      { row: 9, column: 'Email', message: 'Người có email này đã có phiếu cbcc ở dòng 4.' },
      { row: 10, column: 'Email', message: 'Thiếu giá trị bắt buộc.' },
      { row: 11, column: 'Mã đơn vị', message: 'Thiếu giá trị bắt buộc.' },
      { row: 11, column: 'Loại phiếu', message: 'Thiếu giá trị bắt buộc.' },
    ]);
    expect(people().map((p) => p.email)).toEqual(['a@soctrang.gov.vn']);
  });

  it('writes nothing on a dry run and changes nothing when the same file is imported twice', async () => {
    const file = writeCsv(ctx.dir, 'n.csv', [
      'email,full_name,unit,form',
      'a@x.vn,A,SNV,cbcc',
      'b@x.vn,B,HCT,cbcc;hdnd',
    ]);
    const preview = await run(file, false);
    expect(preview.summary).toEqual({ created: 2, updated: 0, unchanged: 0, invitationsCreated: 3 });
    expect(count('respondents') + count('invitations')).toBe(0);
    await run(file);
    const tokensBefore = ctx.db.$client.prepare('select token from invitations order by id').pluck().all();
    const again = await run(file);
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 2, invitationsCreated: 0 });
    expect(ctx.db.$client.prepare('select token from invitations order by id').pluck().all()).toEqual(
      tokensBefore,
    );
    expect([count('respondents'), count('invitations')]).toEqual([2, 3]);
  });

  it('updates names, units and added forms from an updated file without duplicating people', async () => {
    await run(
      writeCsv(ctx.dir, 'v1.csv', [
        'email,ho_ten,ma_don_vi,loai_phieu',
        'a@x.vn,Nguyen A,SNV,cbcc',
        'b@x.vn,B,SNV,cbcc',
      ]),
    );
    const answered = ctx.db.$client.prepare(
      "update invitations set answered_day = '1970-01-01' where respondent_id = (select id from respondents where email = 'b@x.vn')",
    );
    answered.run();
    const v2 = writeCsv(ctx.dir, 'v2.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'a@x.vn,Nguyễn Văn A,HCT,"cbcc,hdnd"',
      'b@x.vn,B,HCT,cbcc',
      'c@x.vn,C,SNV,cbcc',
    ]);
    const preview = await run(v2, false);
    expect(preview.summary).toEqual({ created: 1, updated: 1, unchanged: 1, invitationsCreated: 2 });
    expect(preview.errors).toEqual([
      {
        row: 3,
        column: 'ma_don_vi',
        message: 'Người này đã trả lời phiếu cbcc nên giữ nguyên đơn vị cũ của phiếu đó.',
      },
    ]);
    await run(v2);
    expect(people()).toEqual([
      { email: 'a@x.vn', fullName: 'Nguyễn Văn A', forms: 'cbcc,hdnd', units: 'HCT,HCT' },
      { email: 'b@x.vn', fullName: 'B', forms: 'cbcc', units: 'SNV' },
      { email: 'c@x.vn', fullName: 'C', forms: 'cbcc', units: 'SNV' },
    ]);
  });

  it('never changes an email by a name match: a namesake at a new address is a new person, with a warning naming both', async () => {
    await run(
      writeCsv(ctx.dir, 'v1.csv', [
        'email,ho_ten,ma_don_vi,loai_phieu',
        'old@x.vn,Lê Văn Tám,SNV,cbcc',
        'k@x.vn,K,SNV,cbcc',
      ]),
    );
    const tokenOf = (email: string) =>
      ctx.db.$client
        .prepare(
          'select token from invitations i join respondents r on r.id = i.respondent_id where r.email = ?',
        )
        .pluck()
        .get(email);
    const token = tokenOf('old@x.vn');
    // A supplementary list of one row: a new address, the same name in the same unit.
    const extra = writeCsv(ctx.dir, 'bo-sung.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'new@x.vn,LÊ VĂN TÁM,SNV,cbcc',
    ]);
    const warning = {
      row: 2,
      column: 'ho_ten',
      message: msg('imports.warnings.sameName', {
        email: 'new@x.vn',
        name: 'LÊ VĂN TÁM',
        existing: 'old@x.vn',
        unit: 'SNV',
      }),
    };
    const preview = await run(extra, false);
    expect(preview.summary).toEqual({ created: 1, updated: 0, unchanged: 0, invitationsCreated: 1 });
    expect(warning.message).toContain(
      'new@x.vn (LÊ VĂN TÁM) trùng họ tên với old@x.vn đã có trong danh sách',
    );
    expect(preview.warnings).toEqual([warning]);
    // The command line's dry run says the same.
    const cli = await cliOn(ctx.file)('respondents', 'import', extra, '--campaign', String(campaignId));
    expect(cli.stdout).toContain(`Dòng 2 [ho_ten]: ${warning.message}`);
    expect(cli.stdout).toContain('thêm mới 1, cập nhật 0, không đổi 0; phiếu mời mới: 1');
    const done = await run(extra);
    expect(done.summary).toEqual(preview.summary);
    expect(done.warnings).toEqual([warning]);
    expect(people().map((p) => p.email)).toEqual(['k@x.vn', 'new@x.vn', 'old@x.vn']);
    expect(tokenOf('old@x.vn')).toBe(token);
    expect(tokenOf('new@x.vn')).toMatch(TOKEN_PATTERN);

    // A namesake in another unit is nobody's question.
    const v3 = writeCsv(ctx.dir, 'v3.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'other@x.vn,Lê Văn Tám,HCT,cbcc',
    ]);
    const other = await run(v3);
    expect(other.summary).toEqual({ created: 1, updated: 0, unchanged: 0, invitationsCreated: 1 });
    expect(other.warnings).toEqual([]);
  });

  it('imports a 100,000-row CSV in one go, with every index rebuilt as it was', async () => {
    const indexes = () =>
      ctx.db.$client.prepare("select name, sql from sqlite_master where type = 'index' order by name").all();
    const before = indexes();
    const lines = ['email,ho_ten,ma_don_vi,loai_phieu'];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        `Person${i}@SocTrang.gov.vn,Người ${i},${i % 2 ? 'SNV' : 'HCT'},${i % 10 === 0 ? '"cbcc,hdnd"' : 'cbcc'}`,
      );
    const report = await run(writeCsv(ctx.dir, 'big.csv', lines, { eol: '\n' }));
    expect(report).toMatchObject({ totalRows: 100_000, validRows: 100_000, errors: [] });
    expect(report.summary).toEqual({
      created: 100_000,
      updated: 0,
      unchanged: 0,
      invitationsCreated: 110_000,
    });
    expect([count('respondents'), count('invitations')]).toEqual([100_000, 110_000]);
    expect(indexes()).toEqual(before);
    const plan = ctx.db.$client
      .prepare("explain query plan select id from invitations where token = 'x'")
      .all() as { detail: string }[];
    expect(plan[0]!.detail).toContain('invitations_token_unique');
  });
});

describe('respondents for a form type their unit has no quota for', () => {
  it('are imported, with one warning per unit and form type at its first row', async () => {
    const file = writeCsv(ctx.dir, 'khong-chi-tieu.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'a@x.vn,A,SNV,hdnd',
      'b@x.vn,B,HCT,hdnd',
      'c@x.vn,C,SNV,"cbcc,hdnd"',
    ]);
    const report = await run(file);
    expect(report.validRows).toBe(3);
    expect(report.warnings).toEqual([
      {
        row: 2,
        column: 'loai_phieu',
        message:
          'Đơn vị SNV không có chỉ tiêu phiếu hdnd: 2 phiếu mời loại này vẫn được tạo; kiểm tra lại loại phiếu hoặc chỉ tiêu.',
      },
    ]);
    expect(count('invitations')).toBe(4);
  });
});

describe('respondents of a unit past its deadline', () => {
  it('are imported, with one warning per unit saying their invitations will not be sent', async () => {
    makeUnit(ctx.db, campaignId, {
      code: 'STC',
      quotas: { cbcc: 5 },
      deadlineAt: Date.UTC(2019, 9, 31, 16, 59, 59, 999), // 23:59 on 31/10/2019, Vietnam time: before NOW
    });
    const file = writeCsv(ctx.dir, 'tre-han.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'a@x.vn,A,SNV,cbcc',
      'b@x.vn,B,STC,cbcc',
      'c@x.vn,C,stc,cbcc',
    ]);
    const report = await run(file);
    expect(report.validRows).toBe(3);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        row: 3,
        column: 'ma_don_vi',
        message:
          'Đơn vị STC đã hết hạn trả lời (23:59 ngày 31/10/2019): 2 phiếu mời vẫn được tạo nhưng sẽ không được gửi; gia hạn cho đơn vị nếu cần.',
      },
    ]);
    expect(count('invitations')).toBe(3);
  });
});

describe('unusable respondent files', () => {
  const expectUnusable = async (file: string, message: string | RegExp) => {
    const report = await run(file);
    expect(report.usable).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.row).toBe(0);
    expect(report.errors[0]!.message).toMatch(message);
    expect(count('respondents')).toBe(0);
  };

  it('are refused with a Vietnamese reason, never a parser error', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    fs.writeFileSync(path.join(ctx.dir, 'anh.csv'), png);
    await expectUnusable(path.join(ctx.dir, 'anh.csv'), /không phải là tệp CSV hoặc Excel/);
    fs.writeFileSync(path.join(ctx.dir, 'anh.xlsx'), png);
    await expectUnusable(path.join(ctx.dir, 'anh.xlsx'), /không phải là bảng tính Excel/);
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    fs.writeFileSync(path.join(ctx.dir, 'rac.csv'), garbage);
    await expectUnusable(path.join(ctx.dir, 'rac.csv'), /không phải là tệp CSV hoặc Excel/);
    // A zip that is not a workbook: an .xlsx whose parts were replaced by a text file.
    const zip = new ExcelJS.Workbook();
    zip.addWorksheet('x');
    const real = Buffer.from(await zip.xlsx.writeBuffer());
    fs.writeFileSync(
      path.join(ctx.dir, 'hong.xlsx'),
      Buffer.concat([real.subarray(0, 200), Buffer.alloc(300, 7)]),
    );
    await expectUnusable(path.join(ctx.dir, 'hong.xlsx'), /không phải là bảng tính Excel/);
    fs.writeFileSync(path.join(ctx.dir, 'nen.xlsx'), zipWithOneFile('readme.txt', 'email,ho_ten'));
    await expectUnusable(path.join(ctx.dir, 'nen.xlsx'), /không phải là bảng tính Excel/);
    fs.writeFileSync(path.join(ctx.dir, 'nen.csv'), zipWithOneFile('ds.csv', 'email,ho_ten'));
    await expectUnusable(path.join(ctx.dir, 'nen.csv'), /không phải là bảng tính Excel/);
    fs.writeFileSync(path.join(ctx.dir, 'ds.pdf'), '%PDF-1.4');
    await expectUnusable(path.join(ctx.dir, 'ds.pdf'), /Không hỗ trợ tệp ".pdf"/);
    fs.writeFileSync(path.join(ctx.dir, 'cu.xls'), 'x');
    await expectUnusable(path.join(ctx.dir, 'cu.xls'), /\.xls \(Excel 97-2003\)/);
    fs.writeFileSync(path.join(ctx.dir, 'rong.csv'), '');
    await expectUnusable(path.join(ctx.dir, 'rong.csv'), 'Tệp không có dữ liệu.');
    await expectUnusable(writeCsv(ctx.dir, 'trang.csv', [',,,', ' , ']), 'Tệp không có dữ liệu.');
    await expectUnusable(
      writeCsv(ctx.dir, 'khong-tieu-de.csv', ['a,b,c', '1,2,3']),
      /Không tìm thấy dòng tiêu đề trong 20 dòng đầu/,
    );
    await expectUnusable(
      writeCsv(ctx.dir, 'thieu-cot.csv', ['email,ho_ten', 'a@x.vn,A']),
      'Dòng tiêu đề thiếu cột bắt buộc: ma_don_vi, loai_phieu.',
    );
    fs.writeFileSync(
      path.join(ctx.dir, 'latin1.csv'),
      Buffer.from('email,ho_ten,ma_don_vi,loai_phieu\na@x.vn,L\xea,SNV,cbcc\n', 'latin1'),
    );
    await expectUnusable(path.join(ctx.dir, 'latin1.csv'), /UTF-8/);
  });

  it('name the sheets seen when no sheet of a workbook has the header', async () => {
    const file = await writeXlsx(ctx.dir, 'sai-trang.xlsx', [
      {
        name: 'Tổng hợp',
        rows: [
          ['Đơn vị', 'Số phiếu'],
          ['SNV', 30],
        ],
      },
      { name: 'Ghi chú', rows: [['Không có gì']] },
    ]);
    await expectUnusable(file, /đã xem: "Tổng hợp", "Ghi chú"/);
  });
});

describe('staged uploads', () => {
  it('keep the file and its dry-run report, then commit it exactly once', async () => {
    const temp = writeCsv(ctx.dir, 'upload-tmp', ['email,ho_ten,ma_don_vi,loai_phieu', 'a@x.vn,A,SNV,cbcc']);
    const staged = await stageUpload(
      ctx.db,
      { campaignId, kind: 'respondents', fileName: 'danh-sach.csv', tempPath: temp },
      NOW,
    );
    expect(fs.existsSync(temp)).toBe(false);
    expect(staged.report.summary.created).toBe(1);
    const row = ctx.db.$client
      .prepare('select stored_path, report from import_uploads where id = ?')
      .get(staged.uploadId) as { stored_path: string; report: string };
    // Relative to the data directory (the database's folder), never an absolute path.
    expect(row.stored_path).toBe(`uploads/${staged.uploadId}.csv`);
    expect(fs.existsSync(path.join(ctx.dir, row.stored_path))).toBe(true);
    expect(JSON.parse(row.report)).toEqual(staged.report);
    expect(count('respondents')).toBe(0);
    const commit = (uploadId: string) => commitUpload(ctx.db, { campaignId, uploadId }, SYSTEM_ACTOR, NOW);
    expect(orThrow(await commit(staged.uploadId)).summary.created).toBe(1);
    expect(count('respondents')).toBe(1);
    expect(await commit(staged.uploadId)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await commit('nope')).toMatchObject({ ok: false, code: 'not_found' });
  });
});
