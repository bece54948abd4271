import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import { inVietnamese, writeCsv, writeXlsx } from '../helpers/import-files';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { previewImport } from '../../src/imports/run-import';
import type { Db } from '../../src/db/client';
import { endOfVnDay, vnDateTime } from '../../src/time';

let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
beforeEach(() => {
  ctx = createTestDb();
  campaignId = makeCampaign(ctx.db).id;
});
afterEach(() => ctx.cleanup());

const NOW = Date.UTC(2019, 10, 1);
const run = async (file: string, commit = true) => {
  const input = { campaignId, kind: 'units' as const, filePath: file, fileName: file.split('/').pop()! };
  const report = commit
    ? orThrow(await commitImport(ctx.db, input, SYSTEM_ACTOR, NOW))
    : await previewImport(ctx.db, input, NOW);
  return inVietnamese(report);
};

function unitsInCampaign(db: Db) {
  return db.$client
    .prepare(
      `select u.code, u.name, u."group" as grp, cu.send_on as sendOn, cu.deadline_at as deadlineAt,
         (select quota from unit_quotas q where q.campaign_id = cu.campaign_id and q.unit_id = u.id and form_type = 'cbcc') as cbcc,
         (select quota from unit_quotas q where q.campaign_id = cu.campaign_id and q.unit_id = u.id and form_type = 'hdnd') as hdnd
       from campaign_units cu join units u on u.id = cu.unit_id where cu.campaign_id = ? order by u.code`,
    )
    .all(campaignId) as {
    code: string;
    name: string;
    grp: string;
    sendOn: string;
    deadlineAt: number;
    cbcc: number;
    hdnd: number;
  }[];
}

describe('units import', () => {
  it('reads a semicolon CSV with a BOM, title rows above a Vietnamese header, groups by name and several date spellings', async () => {
    const file = writeCsv(
      ctx.dir,
      'don-vi.csv',
      [
        'DANH SÁCH CƠ QUAN, ĐƠN VỊ THAM GIA KHẢO SÁT;;;;;;',
        '(Kèm theo Công văn số 2628/SNV-CCHC);;;;;;',
        ';;;;;;',
        'STT;Mã đơn vị;Tên đơn vị;Nhóm;Chỉ tiêu CBCC;Chỉ tiêu HĐND;Ngày gửi;Hạn trả lời;Ghi chú',
        '1;SNV;Sở Nội vụ;Sở, ban ngành;30;0;18/11/2019;02/12/2019;',
        '2;HCT;Huyện Châu Thành;UBND cấp huyện;50;30;2019-11-25;17 giờ 00 phút, ngày 11/12/2019;x',
        '3;BST;Báo Sóc Trăng;Don vi su nghiep cong lap;15;;3/12/2019;17:00 17/12/2019;',
      ],
      { bom: true },
    );
    const report = await run(file);
    expect(report).toMatchObject({ usable: true, headerRow: 4, totalRows: 3, validRows: 3, errors: [] });
    expect(report.summary).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(unitsInCampaign(ctx.db)).toEqual([
      {
        code: 'BST',
        name: 'Báo Sóc Trăng',
        grp: 'dvsn',
        sendOn: '2019-12-03',
        deadlineAt: vnDateTime('2019-12-17', 17, 0),
        cbcc: 15,
        hdnd: null,
      },
      {
        code: 'HCT',
        name: 'Huyện Châu Thành',
        grp: 'ubnd_huyen',
        sendOn: '2019-11-25',
        deadlineAt: vnDateTime('2019-12-11', 17, 0),
        cbcc: 50,
        hdnd: 30,
      },
      {
        code: 'SNV',
        name: 'Sở Nội vụ',
        grp: 'so_nganh',
        sendOn: '2019-11-18',
        deadlineAt: endOfVnDay('2019-12-02'),
        cbcc: 30,
        hdnd: 0,
      },
    ]);
  });

  it('reads an XLSX with English headers in another order, real Excel dates and a title row', async () => {
    const file = await writeXlsx(ctx.dir, 'units.xlsx', [
      {
        name: 'Units',
        rows: [
          ['Units taking part in the 2019 survey'],
          [],
          ['Deadline', 'Group', 'Code', 'Name', 'Quota_CBCC', 'quota hdnd', 'Send on'],
          [
            new Date(Date.UTC(2019, 11, 4)),
            'co_quan_tw',
            'CAT',
            'Công an tỉnh',
            40,
            0,
            new Date(Date.UTC(2019, 10, 25)),
          ],
          [
            new Date(Date.UTC(2019, 11, 4, 17, 30)),
            'ubnd_huyen',
            'HTD',
            'Huyện Trần Đề',
            50,
            30,
            '27/11/2019',
          ],
        ],
      },
    ]);
    const report = await run(file);
    expect(report).toMatchObject({
      sheetName: 'Units',
      headerRow: 3,
      totalRows: 2,
      validRows: 2,
      errors: [],
    });
    const units = unitsInCampaign(ctx.db);
    expect(units.map((u) => [u.code, u.grp, u.sendOn, u.deadlineAt, u.cbcc, u.hdnd])).toEqual([
      ['CAT', 'co_quan_tw', '2019-11-25', endOfVnDay('2019-12-04'), 40, 0],
      ['HTD', 'ubnd_huyen', '2019-11-27', vnDateTime('2019-12-04', 17, 30), 50, 30],
    ]);
  });

  it('reports every bad value with its row number and column, and writes only the valid rows', async () => {
    const file = writeCsv(ctx.dir, 'bad.csv', [
      'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,chi_tieu_hdnd,ngay_gui,han_tra_loi',
      'SNV,Sở Nội vụ,so_nganh,30,0,18/11/2019,02/12/2019',
      'STP,,so_nganh,30,0,,',
      'STC,Sở Tài chính,Khối khác,30,0,,',
      'SYT,Sở Y tế,so_nganh,-5,1.5,,',
      'SXD,Sở Xây dựng,so_nganh,10,0,31/02/2019,ngày mai',
      'snv,Sở Nội vụ (trùng),so_nganh,30,0,,',
    ]);
    const report = await run(file);
    expect(report.totalRows).toBe(6);
    expect(report.validRows).toBe(1);
    expect(report.errors).toEqual([
      { row: 3, column: 'ten_don_vi', message: 'Thiếu giá trị bắt buộc.' },
      { row: 4, column: 'nhom', message: expect.stringContaining('Nhóm không hợp lệ: "Khối khác"') },
      { row: 5, column: 'chi_tieu_cbcc', message: 'Chỉ tiêu phải là số nguyên từ 0 đến 100.000: "-5".' },
      { row: 5, column: 'chi_tieu_hdnd', message: 'Chỉ tiêu phải là số nguyên từ 0 đến 100.000: "1.5".' },
      { row: 6, column: 'ngay_gui', message: expect.stringContaining('Ngày không hợp lệ: "31/02/2019"') },
      { row: 6, column: 'han_tra_loi', message: expect.stringContaining('Ngày không hợp lệ: "ngày mai"') },
      { row: 7, column: 'ma_don_vi', message: 'Trùng với dòng 2.' },
    ]);
    expect(unitsInCampaign(ctx.db).map((u) => u.code)).toEqual(['SNV']);
  });

  it('reads a CSV whose header ends in CRLF and whose rows end in LF row by row, with their own row numbers', async () => {
    const file = path.join(ctx.dir, 'tron.csv');
    fs.writeFileSync(
      file,
      'ma_don_vi,ten_don_vi,nhom\r\n' +
        'SNV,Sở Nội vụ,so_nganh\n' +
        'STP,,so_nganh\n' +
        'STC,Sở Tài chính,so_nganh\n',
    );
    const report = await run(file);
    expect(report).toMatchObject({ totalRows: 3, validRows: 2 });
    expect(report.errors).toEqual([{ row: 3, column: 'ten_don_vi', message: 'Thiếu giá trị bắt buộc.' }]);
    expect(unitsInCampaign(ctx.db).map((u) => [u.code, u.name])).toEqual([
      ['SNV', 'Sở Nội vụ'],
      ['STC', 'Sở Tài chính'],
    ]);
  });

  it('writes nothing on a dry run, then says "unchanged" when the same file is imported again', async () => {
    const file = writeCsv(ctx.dir, 'u.csv', [
      'code,name,group,quota_cbcc',
      'SNV,Sở Nội vụ,so_nganh,30',
      'STP,Sở Tư pháp,so_nganh,25',
    ]);
    const preview = await run(file, false);
    expect(preview.summary).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(unitsInCampaign(ctx.db)).toEqual([]);
    await run(file);
    expect((await run(file)).summary).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const changed = writeCsv(ctx.dir, 'u2.csv', [
      'code,name,group,quota_cbcc',
      'SNV,Sở Nội vụ tỉnh,so_nganh,30',
      'STP,Sở Tư pháp,so_nganh,40',
    ]);
    expect((await run(changed)).summary).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect(unitsInCampaign(ctx.db).map((u) => [u.code, u.name, u.cbcc])).toEqual([
      ['SNV', 'Sở Nội vụ tỉnh', 30],
      ['STP', 'Sở Tư pháp', 40],
    ]);
  });

  it('refuses a row whose sending date falls after its own deadline, as the unit form does', async () => {
    const file = writeCsv(ctx.dir, 'lich.csv', [
      'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,ngay_gui,han_tra_loi',
      'SNV,Sở Nội vụ,so_nganh,30,01/12/2019,30/11/2019',
      'STP,Sở Tư pháp,so_nganh,25,30/11/2019,30/11/2019',
    ]);
    const report = await run(file);
    expect(report.errors).toEqual([
      {
        row: 2,
        column: 'ngay_gui',
        message: 'Ngày gửi 01/12/2019 sau hạn trả lời 23:59 ngày 30/11/2019.',
      },
    ]);
    expect(unitsInCampaign(ctx.db).map((u) => u.code)).toEqual(['STP']);
  });

  it('imports a unit whose deadline has already passed, with a warning that no invitation will go out', async () => {
    const file = writeCsv(ctx.dir, 'tre-han.csv', [
      'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,han_tra_loi',
      'SNV,Sở Nội vụ,so_nganh,30,31/10/2019',
      'STP,Sở Tư pháp,so_nganh,25,30/11/2019',
    ]);
    const report = await run(file);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        row: 2,
        column: 'han_tra_loi',
        message:
          'Hạn trả lời 23:59 ngày 31/10/2019 đã qua: đơn vị vẫn được nhập nhưng sẽ không được gửi thư mời.',
      },
    ]);
    expect(unitsInCampaign(ctx.db).map((u) => u.code)).toEqual(['SNV', 'STP']);
  });
});

describe('imports into a closed campaign', () => {
  it('are refused, dry run included, and write nothing: its units and lists stay as they were frozen', async () => {
    ctx.db.$client.prepare(`update campaigns set status = 'closed' where id = ?`).run(campaignId);
    const units = writeCsv(ctx.dir, 'don-vi.csv', ['ma_don_vi,ten_don_vi,nhom', 'SNV,Sở Nội vụ,so_nganh']);
    await expect(run(units, false)).rejects.toThrow('Đợt khảo sát đã chốt số phiếu');
    await expect(run(units)).rejects.toThrow('Đợt khảo sát đã chốt số phiếu');
    const people = writeCsv(ctx.dir, 'nguoi.csv', ['email,ma_don_vi,loai_phieu', 'a@x.vn,SNV,cbcc']);
    const input = { campaignId, kind: 'respondents', filePath: people, fileName: 'nguoi.csv' } as const;
    expect(await commitImport(ctx.db, input, SYSTEM_ACTOR, NOW)).toMatchObject({
      ok: false,
      code: 'campaign_closed',
      message: { key: 'admin.units.closed' },
    });
    expect(unitsInCampaign(ctx.db)).toEqual([]);
  });

  it('are refused when the campaign is closed while the file is still being read', async () => {
    const units = writeCsv(ctx.dir, 'don-vi.csv', ['ma_don_vi,ten_don_vi,nhom', 'SNV,Sở Nội vụ,so_nganh']);
    const importing = run(units);
    // The file is read asynchronously: the close lands between the start of the import and its write.
    ctx.db.$client.prepare(`update campaigns set status = 'closed' where id = ?`).run(campaignId);
    await expect(importing).rejects.toThrow('Đợt khảo sát đã chốt số phiếu');
    expect(unitsInCampaign(ctx.db)).toEqual([]);
  });
});
