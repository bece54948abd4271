import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record-audit';
import { inTransaction, type Db } from '../db/client';
import { refuseIfClosed } from '../units/campaign-units';
import { ErrorLog } from './error-log';
import { loadFormTypeMatcher } from './form-type-matcher';
import { createRespondentsImporter } from './import-respondents';
import { createPointsImporter } from './import-points';
import { createUnitsImporter } from './import-units';
import { ImportFileError } from './import-limits';
import { readTable, type TableInfo } from './read-table';
import type { RowImporter } from './row-importer';
import type { ImportInput, ImportReport, ImportSummary } from './types';

/** A file read and its rows checked: the report, once planning against the database has said what changes. */
export type ReadImport = {
  /** Null when the file cannot be used as a whole: there is nothing to plan or write. */
  importer: RowImporter | null;
  report(summary: ImportSummary): ImportReport;
};

const NOTHING: ImportSummary = { created: 0, updated: 0, unchanged: 0 };

/** Dry run: reads and validates the whole file and says what a commit would do; writes nothing. */
export async function previewImport(
  db: Db,
  input: ImportInput,
  now: number = Date.now(),
): Promise<ImportReport> {
  const read = await readImport(db, input, now);
  return read.report(read.importer?.plan().summary ?? NOTHING);
}

/**
 * Reads the file (in the parsing thread, outside any transaction) and checks every row; a campaign that does not
 * exist or is closed is refused (AppError) before anything is read.
 */
export async function readImport(db: Db, input: ImportInput, now: number): Promise<ReadImport> {
  refuseIfClosed(db, input.campaignId);
  const errors = new ErrorLog();
  const importer: RowImporter =
    input.kind === 'units'
      ? createUnitsImporter(db, input.campaignId, errors, now)
      : input.kind === 'points'
        ? createPointsImporter(db, input.campaignId, errors)
        : createRespondentsImporter(db, input.campaignId, errors, loadFormTypeMatcher(db), now);
  let totalRows = 0;
  const base = { kind: input.kind, fileName: input.fileName };
  let table: TableInfo;
  try {
    table = await readTable(input.filePath, input.fileName, input.kind, (row) => {
      totalRows++;
      importer.addRow(row);
    });
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    const unusable: ImportReport = {
      ...base,
      usable: false,
      headerRow: 0,
      totalRows: 0,
      validRows: 0,
      errors: [{ row: 0, ...error.problem }],
      warnings: [],
      summary: NOTHING,
    };
    return { importer: null, report: () => unusable };
  }
  // Planning adds what only the database can tell (a namesake, an answered form kept in its unit): the report
  // is made after it.
  const report = (summary: ImportSummary): ImportReport => {
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
  };
  return { importer, report };
}

/**
 * Writes the valid rows of a file read by readImport and audits the import, in one transaction. Planning reads
 * the current rows inside it, so nothing slips between, not even a close that happened while the file was being
 * read. A file that cannot be used writes nothing and is not audited.
 */
export function writeImport(
  db: Db,
  read: ReadImport,
  campaignId: number,
  actor: Actor,
  now: number,
): ImportReport {
  const importer = read.importer;
  if (!importer) return read.report(NOTHING);
  return withLargePageCache(db, () =>
    inTransaction(db, () => {
      refuseIfClosed(db, campaignId);
      const plan = importer.plan();
      plan.apply(now);
      const report = read.report(plan.summary);
      const { created, updated, unchanged } = plan.summary;
      const params = { file: report.fileName, created, updated, unchanged };
      recordAudit(
        db,
        actor,
        'import.commit',
        { campaignId, detail: { key: 'admin.imports.auditCommit', params } },
        now,
      );
      return report;
    }),
  );
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
