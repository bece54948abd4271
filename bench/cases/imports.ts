import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import { commitImport } from '../../src/imports/commit-import';
import { newToken } from '../../src/tokens';
import { runProductChild } from '../lib/product-child';
import type { ImportRuns } from '../lib/product/imports';
import type { BenchCase, BenchResult } from '../types';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const CSV_ROWS = 100_000;
const XLSX_ROWS = 20_000;
const UNIT_COUNT = 47;
const PRODUCT_RSS_TARGET_MB = 250;

/** Deterministic people so every run imports the same file. */
function* people(count: number, seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Thạch', 'Lâm', 'Sơn'];
  const given = ['An', 'Bình', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nhung', 'Tâm', 'Thảo', 'Tuấn'];
  for (let i = 0; i < count; i++) {
    const name = `${family[next() % family.length]} Văn ${given[next() % given.length]}`;
    const unit = `U${next() % UNIT_COUNT}`;
    const form = next() % 10 === 0 ? 'cbcc,hdnd' : 'cbcc';
    yield { email: ` Nguoi${i}@SocTrang.gov.vn`, name, unit, form };
  }
}

async function prepareCampaign(db: Db, dir: string): Promise<number> {
  const campaign = orThrow(
    createCampaign(db, { name: 'Bench imports', year: 2019 }, SYSTEM_ACTOR, Date.now()),
  );
  const lines = ['ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,chi_tieu_hdnd,han_tra_loi'];
  for (let u = 0; u < UNIT_COUNT; u++) lines.push(`U${u},Đơn vị ${u},so_nganh,30,10,04/12/2019`);
  const file = path.join(dir, `units-${campaign.id}.csv`);
  fs.writeFileSync(file, lines.join('\n'));
  const units = { campaignId: campaign.id, kind: 'units', filePath: file, fileName: 'units.csv' } as const;
  orThrow(await commitImport(db, units, SYSTEM_ACTOR, Date.now()));
  return campaign.id;
}

function writeCsv(file: string): void {
  const lines = ['email,ho_ten,ma_don_vi,loai_phieu'];
  for (const p of people(CSV_ROWS, 1)) lines.push(`${p.email},${p.name},${p.unit},"${p.form}"`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

async function writeXlsx(file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT']).commit();
  sheet.addRow(['Họ và tên', 'Email', 'Mã đơn vị', 'Loại phiếu']).commit();
  for (const p of people(XLSX_ROWS, 2)) sheet.addRow([p.name, p.email, p.unit, p.form]).commit();
  sheet.commit();
  await workbook.commit();
}

/** Bare stack: csv-parse reading the file, then better-sqlite3 inserting the same rows in one transaction. */
async function bareCsvAndInserts(db: Db, campaignId: number, file: string): Promise<number> {
  const start = performance.now();
  const records: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = parse({ from_line: 2 });
    parser.on('readable', () => {
      let record: string[] | null;
      while ((record = parser.read()) !== null) records.push(record);
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parser);
  });
  const unitIds = new Map(db.$client.prepare('select code, id from units').raw().all() as [string, number][]);
  const insertPerson = db.$client.prepare(
    'insert into respondents (campaign_id, email, full_name) values (?, ?, ?)',
  );
  const insertInvite = db.$client.prepare(
    'insert into invitations (campaign_id, respondent_id, unit_id, form_type, token) values (?, ?, ?, ?, ?)',
  );
  db.$client.transaction(() => {
    for (const [email, name, unit, forms] of records) {
      const id = insertPerson.run(campaignId, email!.trim().toLowerCase(), name).lastInsertRowid;
      for (const form of forms!.split(','))
        insertInvite.run(campaignId, id, unitIds.get(unit!), form, newToken());
    }
  })();
  return performance.now() - start;
}

async function bareXlsxRead(file: string): Promise<number> {
  const start = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache' });
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) void row.values;
  }
  return performance.now() - start;
}

function results(
  label: string,
  rows: number,
  ms: number,
  baseline: { name: string; value: number },
  limitMs: number,
): BenchResult[] {
  return [
    {
      name: `${label}: import time`,
      value: Math.round(ms),
      unit: 'ms',
      baseline: { name: baseline.name, value: Math.round(baseline.value) },
      target: `< ${limitMs} ms`,
      pass: ms < limitMs,
    },
    {
      name: `${label}: throughput`,
      value: Math.round((rows / ms) * 1000),
      unit: 'rows/s',
      notes: `${rows} rows`,
    },
  ];
}

/** Respondents imports end to end (parse, validate, plan, insert) against the bare libraries on the same files. */
const imports: BenchCase = {
  name: 'imports',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-imports-'));
    try {
      const csvFile = path.join(dir, 'respondents.csv');
      const xlsxFile = path.join(dir, 'respondents.xlsx');
      writeCsv(csvFile);
      await writeXlsx(xlsxFile);
      const dbFile = path.join(dir, 'bench.sqlite');
      const db = openDb(dbFile);

      const bareCsv = await bareCsvAndInserts(db, await prepareCampaign(db, dir), csvFile);
      const bareXlsx = await bareXlsxRead(xlsxFile);
      const csvCampaign = await prepareCampaign(db, dir);
      const xlsxCampaign = await prepareCampaign(db, dir);
      db.$client.close();

      // The product's imports in a fresh process: its peak RSS is the imports', not the file generation's.
      const { csvMs, csvRows, xlsxMs, xlsxRows, maxRssMb } = await runProductChild<ImportRuns>('imports', [
        dbFile,
        String(csvCampaign),
        csvFile,
        String(xlsxCampaign),
        xlsxFile,
      ]);
      if (csvRows !== CSV_ROWS) throw new Error(`CSV import kept ${csvRows} rows`);
      if (xlsxRows !== XLSX_ROWS) throw new Error(`XLSX import kept ${xlsxRows} rows`);

      return [
        ...results(
          'respondents CSV 100k',
          CSV_ROWS,
          csvMs,
          { name: 'bare csv-parse + better-sqlite3 inserts', value: bareCsv },
          1500,
        ),
        ...results(
          'respondents XLSX 20k',
          XLSX_ROWS,
          xlsxMs,
          { name: 'bare exceljs streaming read', value: bareXlsx },
          2000,
        ),
        {
          name: 'imports process peak RSS',
          value: Math.round(maxRssMb),
          unit: 'MB',
          target: `< ${PRODUCT_RSS_TARGET_MB} MB`,
          pass: maxRssMb < PRODUCT_RSS_TARGET_MB,
          notes:
            'a fresh process (bench/lib/product/imports.ts, compiled, plain Node) importing the CSV, then the XLSX',
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default imports;
