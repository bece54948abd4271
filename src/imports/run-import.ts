import type { Db } from '../db/client';
import { inTransaction } from '../db/client';
import { getCampaign } from '../campaigns/campaigns';
import { ErrorLog } from './error-log';
import { loadFormTypeMatcher } from './form-type-matcher';
import { createRespondentsImporter } from './import-respondents';
import { createUnitsImporter } from './import-units';
import { ImportFileError } from './import-limits';
import { readTable } from './read-table';
import type { RowImporter } from './row-importer';
import type { ImportInput, ImportReport } from './types';
import { refuseIfClosed } from '../units/campaign-units';

/** Dry run: reads and validates the whole file and says what a commit would do; writes nothing. */
export function previewImport(db: Db, input: ImportInput, now: number = Date.now()): Promise<ImportReport> {
  return runImport(db, input, now, false);
}

/** Writes the valid rows of the file in one transaction (invalid rows are reported and skipped). */
export function commitImport(db: Db, input: ImportInput, now: number = Date.now()): Promise<ImportReport> {
  return runImport(db, input, now, true);
}

async function runImport(db: Db, input: ImportInput, now: number, commit: boolean): Promise<ImportReport> {
  getCampaign(db, input.campaignId);
  refuseIfClosed(db, input.campaignId);
  const errors = new ErrorLog();
  const importer: RowImporter =
    input.kind === 'units'
      ? createUnitsImporter(db, input.campaignId, errors, now)
      : createRespondentsImporter(db, input.campaignId, errors, loadFormTypeMatcher(db), now);
  let totalRows = 0;
  const base = { kind: input.kind, fileName: input.fileName };
  let table;
  try {
    table = await readTable(input.filePath, input.fileName, input.kind, (row) => {
      totalRows++;
      importer.addRow(row);
    });
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return {
      ...base,
      usable: false,
      headerRow: 0,
      totalRows: 0,
      validRows: 0,
      errors: [{ row: 0, message: error.message }],
      warnings: [],
      summary: { created: 0, updated: 0, unchanged: 0 },
    };
  }
  // Planning reads the current rows; in a commit it shares the write transaction so nothing slips between,
  // not even a close that happened while the file was being read.
  const planAndApply = () => {
    if (commit) refuseIfClosed(db, input.campaignId);
    const plan = importer.plan();
    if (commit) plan.apply(now);
    return plan.summary;
  };
  const summary = commit ? withLargePageCache(db, () => inTransaction(db, planAndApply)) : planAndApply();
  const omitted = errors.toOmitted(table.labels);
  return {
    ...base,
    ...(table.sheetName !== undefined ? { sheetName: table.sheetName } : {}),
    usable: true,
    headerRow: table.headerRow,
    totalRows,
    validRows: totalRows - errors.invalidRowCount,
    errors: errors.toErrors(table.labels),
    warnings: errors.toWarnings(table.labels),
    ...(omitted ? { omitted } : {}),
    summary,
  };
}

// Random tokens scatter the inserts over the whole token index when it is not rebuilt (a load small beside the
// table); with the default 2 MB page cache such an import keeps evicting pages it is about to touch again.
// 16 MB holds the token index of ~400,000 invitations; 64 MB was no faster and cost the import 25 MB of RSS.
function withLargePageCache<T>(db: Db, fn: () => T): T {
  const previous = db.$client.pragma('cache_size', { simple: true }) as number;
  db.$client.pragma('cache_size = -16384');
  try {
    return fn();
  } finally {
    db.$client.pragma(`cache_size = ${previous}`);
  }
}
