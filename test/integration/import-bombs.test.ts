import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../src/i18n/messages';
import { IMPORT_LIMITS, limitExceeded, type ImportLimit } from '../../src/imports/import-limits';
import { problemText } from '../../src/imports/problem-text';
import { previewImport } from '../../src/imports/run-import';
import type { ImportReport } from '../../src/imports/types';
import {
  badEmailsCsv,
  HEADER_ONLY_SHEET,
  MILLION_BAD_ROWS_CSV,
  sharedStringsOf,
  sheetOf,
  workbook,
} from '../helpers/bomb-files';
import { runCli } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { inVietnamese } from '../helpers/import-files';

let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
beforeAll(() => {
  ctx = createTestDb();
  campaignId = makeCampaign(ctx.db).id;
  makeUnit(ctx.db, campaignId, { code: 'SNV', quotas: { cbcc: 30 } });
});
afterAll(() => ctx.cleanup());

const limit = (key: ImportLimit, params: Record<string, string | number> = {}) =>
  problemText('vi', limitExceeded(key, params).problem);

/** The dry run of a file written from bytes, and how long it took. */
async function preview(name: string, content: Buffer | string) {
  const filePath = path.join(ctx.dir, name);
  fs.writeFileSync(filePath, content);
  const start = performance.now();
  const report = await previewImport(ctx.db, { campaignId, kind: 'respondents', filePath, fileName: name });
  return { report, ms: performance.now() - start, bytes: fs.statSync(filePath).size };
}

const refusal = (report: ImportReport) => {
  expect(report.usable).toBe(false);
  expect(report.errors).toHaveLength(1);
  return problemText('vi', report.errors[0]!);
};

describe('a small workbook that would expand to gigabytes', () => {
  it('is refused from the sizes its parts declare, before anything is inflated', async () => {
    // 10 MB on disk, shared strings of 4 GB (the most a zip declares without ZIP64): what ran the server out
    // of memory.
    const strings = sharedStringsOf('<si><t>So Noi vu</t></si>', 4095);
    const { report, ms, bytes } = await preview('bom-chuoi.xlsx', workbook(HEADER_ONLY_SHEET, strings));
    expect(bytes).toBeLessThan(11 * 1024 * 1024);
    expect(strings.size).toBeGreaterThan(4e9);
    expect(refusal(report)).toBe(limit('contentBytes'));
    expect(ms).toBeLessThan(5_000);
  });

  it('is refused as damaged when a part inflates to more than it declares', async () => {
    const lying = { ...sharedStringsOf('<si><t>Sở Nội vụ</t></si>', 4095), size: 100_000 };
    const { report, ms } = await preview('bom-noi-doi.xlsx', workbook(HEADER_ONLY_SHEET, lying));
    expect(refusal(report)).toBe(t('imports.notWorkbook', { file: 'bom-noi-doi.xlsx' }));
    expect(ms).toBeLessThan(5_000);
  });

  it('is refused past the shared strings bounds: their count, and their total length', async () => {
    const many = sharedStringsOf('<si/>', 6);
    expect(refusal((await preview('nhieu-chuoi.xlsx', workbook(HEADER_ONLY_SHEET, many))).report)).toBe(
      limit('sharedStrings'),
    );
    const long = sharedStringsOf(`<si><t>${'Đ'.repeat(999)}</t></si>`, 40);
    expect(refusal((await preview('chuoi-dai.xlsx', workbook(HEADER_ONLY_SHEET, long))).report)).toBe(
      limit('sharedStringChars'),
    );
  });
});

describe('a file of too many rows or cells', () => {
  it('is refused at the row bound, blank rows counted, in a workbook and in a CSV', async () => {
    // 2 million rows: what answered 500 after 35 s at 3.3 GB.
    const rows = sheetOf('<row/>', 3);
    expect(rows.size / '<row/>'.length).toBeGreaterThan(IMPORT_LIMITS.rows);
    const xlsx = await preview('hai-trieu-dong.xlsx', workbook(rows));
    expect(refusal(xlsx.report)).toBe(limit('rows'));
    expect(limit('rows')).toMatch(
      /^Tệp có hơn 200\.000 dòng \(tính cả dòng trống\)\. Hãy xóa các dòng trống/,
    );
    expect(xlsx.ms).toBeLessThan(10_000);

    // 10 MB, a million bad rows: what stored a 276 MB report.
    const csv = await preview('trieu-dong-loi.csv', MILLION_BAD_ROWS_CSV);
    expect(refusal(csv.report)).toBe(limit('rows'));
  });

  it('is refused at the cell bound', async () => {
    const wide = `<row>${'<c/>'.repeat(1_000)}</row>`;
    const cells = sheetOf(wide, Math.ceil((IMPORT_LIMITS.cells * wide.length) / (1024 * 1024 * 1_000)));
    expect(refusal((await preview('nhieu-o.xlsx', workbook(cells))).report)).toBe(limit('cells'));
  });

  it('is refused at a row longer than the row bound, naming the row', async () => {
    const csv = `email,ho_ten,ma_don_vi,loai_phieu\r\na@x.vn,A,SNV,cbcc\r\nb@x.vn,${'B'.repeat(IMPORT_LIMITS.rowChars)},SNV,cbcc\r\n`;
    expect(refusal((await preview('dong-dai.csv', csv)).report)).toBe(limit('rowChars', { row: 3 }));
  });
});

describe('a file with many bad rows within the bounds', () => {
  it('lists the first errors in full and counts the rest per kind, in a report of bounded size', async () => {
    const bad = 150_000;
    const { report } = await preview('loi.csv', badEmailsCsv(bad));
    expect(report).toMatchObject({ usable: true, totalRows: bad + 1, validRows: 1 });
    expect(report.errors).toHaveLength(IMPORT_LIMITS.problemsListed);
    expect(report.errors[0]).toEqual({
      row: 3,
      column: 'email',
      key: 'imports.badEmail',
      params: { value: 'khong-phai-email-0' },
    });
    expect(inVietnamese(report).errors[0]!.message).toBe(
      t('imports.badEmail', { value: 'khong-phai-email-0' }),
    );
    expect(report.omitted).toEqual({
      errors: [
        {
          column: 'email',
          key: 'imports.badEmail',
          params: { value: '…' },
          count: bad - IMPORT_LIMITS.problemsListed,
        },
      ],
      warnings: [],
    });
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
  });
});

describe('the CLI import', () => {
  it('refuses a bomb with the same message and exit code 1', async () => {
    const file = path.join(ctx.dir, 'bom.xlsx');
    fs.writeFileSync(file, workbook(sheetOf('<row/>', 3)));
    const run = runCli(
      { DATABASE_PATH: ctx.file },
      'respondents',
      'import',
      file,
      '--campaign',
      String(campaignId),
    );
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining(limit('rows')) });
  });
});
