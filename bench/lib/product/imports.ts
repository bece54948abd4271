// Child of bench/cases/imports.ts: the respondents imports on the prepared db.
// argv: <db> <csv campaign id> <csv file> <xlsx campaign id> <xlsx file>.
import { openDb } from '../../../src/db/client';
import { commitImport } from '../../../src/imports/run-import';
import { reportFromChild } from '../product-child';

export type ImportRuns = { csvMs: number; csvRows: number; xlsxMs: number; xlsxRows: number };

reportFromChild<ImportRuns>(async () => {
  const [dbFile, csvCampaign, csvFile, xlsxCampaign, xlsxFile] = process.argv.slice(2) as string[];
  const db = openDb(dbFile!);
  let start = performance.now();
  const csv = await commitImport(db, {
    campaignId: Number(csvCampaign),
    kind: 'respondents',
    filePath: csvFile!,
    fileName: 'respondents.csv',
  });
  const csvMs = performance.now() - start;
  start = performance.now();
  const xlsx = await commitImport(db, {
    campaignId: Number(xlsxCampaign),
    kind: 'respondents',
    filePath: xlsxFile!,
    fileName: 'respondents.xlsx',
  });
  const xlsxMs = performance.now() - start;
  db.$client.close();
  return { csvMs, csvRows: csv.validRows, xlsxMs, xlsxRows: xlsx.validRows };
});
