import type { SourceRow } from './read-table';
import type { ImportSummary } from './types';

/** Validates rows one by one, then compares them with the database in one pass. */
export interface RowImporter {
  addRow(row: SourceRow): void;
  /** What committing would do; `apply` performs it and must run inside one transaction. */
  plan(): { summary: ImportSummary; apply(now: number): void };
}
