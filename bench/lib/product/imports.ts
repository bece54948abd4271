// Child of bench/cases/imports.ts: the respondents imports on the prepared db.
// argv: <db> <csv campaign id> <csv file> <xlsx campaign id> <xlsx file>.
import { openDb } from '../../../src/db/client';
import { SYSTEM_ACTOR } from '../../../src/audit/actor';
import { orThrow } from '../../../src/errors';
import { commitImport } from '../../../src/imports/commit-import';
import { reportFromChild } from '../product-child';

export type ImportRuns = { csvMs: number; csvRows: number; xlsxMs: number; xlsxRows: number };

reportFromChild<ImportRuns>(async () => {
  const [dbFile, csvCampaign, csvFile, xlsxCampaign, xlsxFile] = process.argv.slice(2) as string[];
  const db = openDb(dbFile!);
  let start = performance.now();
  const csv = orThrow(
    await commitImport(
      db,
      { campaignId: csvCampaign!, kind: 'respondents', filePath: csvFile!, fileName: 'respondents.csv' },
      SYSTEM_ACTOR,
      Date.now(),
    ),
  );
  const csvMs = performance.now() - start;
  start = performance.now();
  const xlsx = orThrow(
    await commitImport(
      db,
      { campaignId: xlsxCampaign!, kind: 'respondents', filePath: xlsxFile!, fileName: 'respondents.xlsx' },
      SYSTEM_ACTOR,
      Date.now(),
    ),
  );
  const xlsxMs = performance.now() - start;
  db.$client.close();
  return { csvMs, csvRows: csv.validRows, xlsxMs, xlsxRows: xlsx.validRows };
});
