// Child of bench/cases/imports.ts: the respondents imports on the prepared db.
// argv: <db> <csv campaign id> <csv file> <xlsx campaign id> <xlsx file>.
import { openDb } from '../../../src/open-db';
import { SYSTEM_ACTOR } from '../../../src/audit/actor';
import { orThrow } from '../../../src/errors';
import { commitImport } from '../../../src/imports/commit-import';
import { reportFromChild } from '../product-child';

export type ImportRuns = { csvMs: number; csvRows: number; xlsxMs: number; xlsxRows: number };

reportFromChild<ImportRuns>(async () => {
  const [dbFile, csvCampaign, csvFile, xlsxCampaign, xlsxFile] = process.argv.slice(2) as string[];
  const db = openDb(dbFile!);
  // One respondents file imported as the CLI's --commit does: how long it took and how many rows it wrote.
  const timed = async (campaignId: string, filePath: string, fileName: string) => {
    const start = performance.now();
    const input = { campaignId, kind: 'respondents', filePath, fileName } as const;
    const report = orThrow(await commitImport(db, input, SYSTEM_ACTOR, Date.now()));
    return { ms: performance.now() - start, rows: report.validRows };
  };
  const csv = await timed(csvCampaign!, csvFile!, 'respondents.csv');
  const xlsx = await timed(xlsxCampaign!, xlsxFile!, 'respondents.xlsx');
  db.$client.close();
  return { csvMs: csv.ms, csvRows: csv.rows, xlsxMs: xlsx.ms, xlsxRows: xlsx.rows };
});
