import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { problemText } from '../../src/imports/problem-text';
import { previewImport } from '../../src/imports/run-import';
import type { ImportKind, ImportReport } from '../../src/imports/types';
import { storeResponse } from '../../src/responses/store-response';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import { writeCsv, writeXlsx } from '../helpers/import-files';
import { downloadWorkbook, makeUser, signIn, testApp } from '../helpers/web';

let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
beforeEach(() => {
  ctx = createTestDb();
  // One answer per unit here: exports must show it to be checked (the small-group rule has its own test).
  campaignId = makeCampaign(ctx.db, { minGroupSize: 1 }).id;
});
afterEach(() => ctx.cleanup());

const VIETNAMESE = /[àáâãèéêìíòóôõùúýăđĩũơưạ-ỹ]/i;
let fileNo = 0;

/** Imports a file (dry run unless told); the promise must resolve with a report, never reject. */
async function importFile(kind: ImportKind, name: string, content: Buffer | string, commit = false) {
  const file = path.join(ctx.dir, `${fileNo++}-${name}`);
  fs.writeFileSync(file, content);
  const input = { campaignId, kind, filePath: file, fileName: name };
  return commit
    ? orThrow(await commitImport(ctx.db, input, SYSTEM_ACTOR, Date.now()))
    : previewImport(ctx.db, input);
}

/** A usable report, or an unusable one whose reason is a Vietnamese sentence, not a parser's message. */
function expectUsableOrClear(report: ImportReport) {
  expect(typeof report.usable).toBe('boolean');
  for (const e of report.errors) {
    const message = problemText('vi', e);
    expect(message).toMatch(VIETNAMESE);
    expect(message).not.toMatch(
      /\n\s+at |TypeError|RangeError|Invalid Record Length|end of central directory/i,
    );
  }
  if (!report.usable) expect(report.errors.length).toBeGreaterThan(0);
}

describe('hostile import files', () => {
  it('turns random bytes named .csv or .xlsx (also behind a zip signature) into a report, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.constantFrom('ds.csv', 'ds.xlsx'),
        fc.boolean(),
        fc.constantFrom<ImportKind>('units', 'respondents'),
        async (bytes, name, zipMagic, kind) => {
          const content = zipMagic
            ? Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes])
            : Buffer.from(bytes);
          expectUsableOrClear(await importFile(kind, name, content));
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  }, 20_000);

  it('turns random text, quotes and separators named .csv into a report, never a crash', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('"', '""', ';', ',', '\t', '\r', '=1+1', 'Sở Nội vụ', 'email', 'ma_don_vi'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom<ImportKind>('units', 'respondents'),
        async (rows, sep, kind) => {
          const text = rows.map((r) => r.join(sep)).join('\n');
          if (text.length === 0) return;
          expectUsableOrClear(await importFile(kind, 'ds.csv', text));
        },
      ),
      { numRuns: 80, seed: 11 },
    );
  }, 20_000);

  it('reports a 1 MB cell and a 10,000-column header instead of failing', async () => {
    const huge = 'Đ'.repeat(512 * 1024);
    const bigCell = await importFile(
      'units',
      'to.csv',
      `ma_don_vi,ten_don_vi,nhom\r\nSNV,${huge},so_nganh\r\nSTC,Sở Tài chính,so_nganh\r\n`,
    );
    expectUsableOrClear(bigCell);

    const wide = Array.from({ length: 10_000 }, (_, i) => `cot_${i}`);
    const wideCsv = await importFile(
      'respondents',
      'rong.csv',
      `${['email', 'ma_don_vi', 'loai_phieu', ...wide].join(',')}\r\na@b.vn,SNV,cbcc\r\n`,
    );
    expectUsableOrClear(wideCsv);

    const wideXlsx = await writeXlsx(ctx.dir, 'rong.xlsx', [
      {
        name: 'DS',
        rows: [
          ['ma_don_vi', 'ten_don_vi', 'nhom', ...wide],
          ['SNV', 'Sở Nội vụ', 'so_nganh'],
        ],
      },
    ]);
    expectUsableOrClear(
      await previewImport(ctx.db, { campaignId, kind: 'units', filePath: wideXlsx, fileName: 'rong.xlsx' }),
    );
  }, 20_000);

  it('stores formula-looking names as text and neutralises them in every export', async () => {
    const formulas = ['=HYPERLINK("http://x.vn","bấm")', '@SUM(A1:A9)', "+cmd|' /C calc'!A0", '-1+1'];
    const units = writeCsv(ctx.dir, 'dv.csv', [
      'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc',
      ...formulas.map((f, i) => `F${i},"${f.replace(/"/g, '""')}",so_nganh,3`),
    ]);
    const unitsReport = await commitImport(
      ctx.db,
      { campaignId, kind: 'units', filePath: units, fileName: 'dv.csv' },
      SYSTEM_ACTOR,
      Date.now(),
    );
    expect(orThrow(unitsReport)).toMatchObject({ usable: true, validRows: 4, errors: [] });
    const people = writeCsv(ctx.dir, 'ng.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      ...formulas.map((f, i) => `p${i}@soctrang.gov.vn,"${f.replace(/"/g, '""')}",F0,cbcc`),
    ]);
    const input = { campaignId, kind: 'respondents', filePath: people, fileName: 'ng.csv' } as const;
    orThrow(await commitImport(ctx.db, input, SYSTEM_ACTOR, Date.now()));

    const names = ctx.db.$client.prepare('SELECT name FROM units ORDER BY code').pluck().all();
    expect(names).toEqual(formulas);
    const fullNames = ctx.db.$client
      .prepare('SELECT full_name FROM respondents ORDER BY email')
      .pluck()
      .all();
    expect(fullNames).toEqual(formulas);
    const f0 = ctx.db.$client.prepare("SELECT id FROM units WHERE code = 'F0'").pluck().get() as number;
    storeResponse(
      ctx.db,
      {
        campaignId,
        unitId: f0,
        formType: 'cbcc',
        definitionVersion: 1,
        answers: [{ questionId: 'de_xuat', optionIndex: -1, textValue: '=cmd|" /C calc"!A0' }],
      },
      Date.now(),
    );

    const app = testApp(ctx.db, ctx.dir);
    await makeUser(ctx.db, 'quan-tri', 'admin');
    await makeUser(ctx.db, 'dau-moi', 'officer', [f0]);
    const admin = await signIn(app, 'quan-tri');
    const officer = await signIn(app, 'dau-moi');

    const dangerous = /^[=+\-@\t\r]/;
    const csvCells = async (url: string) => {
      const res = await admin.get(url);
      expect(res.status).toBe(200);
      return (parseCsv(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).flat();
    };
    const xlsxCells = async (agent: typeof admin, url: string) => {
      const { workbook } = await downloadWorkbook(agent, url);
      const cells: unknown[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(c.value))));
      return cells;
    };
    const check = (cells: unknown[], expected: string[]) => {
      for (const cell of cells) {
        // A cell is a plain value: never a formula object, never text a spreadsheet would evaluate.
        expect(typeof cell === 'string' || typeof cell === 'number' || cell === null).toBe(true);
        if (typeof cell === 'string') expect(cell).not.toMatch(dangerous);
      }
      for (const text of expected) expect(cells).toContain(`'${text}`);
    };
    check(await csvCells(`/admin/campaigns/${campaignId}/results.csv`), formulas);
    check(await xlsxCells(admin, `/admin/campaigns/${campaignId}/results.xlsx`), formulas);
    check(await csvCells(`/admin/campaigns/${campaignId}/responses.csv`), [
      formulas[0]!,
      '=cmd|" /C calc"!A0',
    ]);
    check(await xlsxCells(admin, `/admin/campaigns/${campaignId}/responses.xlsx`), [
      formulas[0]!,
      '=cmd|" /C calc"!A0',
    ]);
    check(await xlsxCells(officer, `/officer/units/${f0}/danh-sach.xlsx?campaign=${campaignId}`), formulas);
  }, 20_000);
});
