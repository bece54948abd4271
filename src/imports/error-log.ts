import { t } from '../i18n/messages';
import type { Field } from './columns';
import type { ImportError } from './types';

type Entry = { row: number; field?: Field; message: string };

/**
 * Row problems as they are found; columns are named by field until the header's own words are known. Errors keep
 * their row out of the import; warnings only point at something the admin may want to check.
 */
export class ErrorLog {
  private readonly entries: Entry[] = [];
  private readonly warnings: Entry[] = [];
  private readonly rows = new Set<number>();

  /** Records `imports.<reason>` for a row; the row will not be written. */
  add(
    row: number,
    field: Field | undefined,
    reason: string,
    params: Record<string, string | number> = {},
  ): void {
    this.entries.push({ row, field, message: t(`imports.${reason}`, params) });
    this.rows.add(row);
  }

  /** Records `imports.warnings.<reason>` for a row that is still imported. */
  warn(
    row: number,
    field: Field | undefined,
    reason: string,
    params: Record<string, string | number> = {},
  ): void {
    this.warnings.push({ row, field, message: t(`imports.warnings.${reason}`, params) });
  }

  get invalidRowCount(): number {
    return this.rows.size;
  }

  hasRow(row: number): boolean {
    return this.rows.has(row);
  }

  /** Sorted by row, each column named as the file's header wrote it. */
  toErrors(labels: Partial<Record<Field, string>>): ImportError[] {
    return located(this.entries, labels);
  }

  toWarnings(labels: Partial<Record<Field, string>>): ImportError[] {
    return located(this.warnings, labels);
  }
}

function located(entries: Entry[], labels: Partial<Record<Field, string>>): ImportError[] {
  return entries
    .map((e) => ({
      row: e.row,
      ...(e.field ? { column: labels[e.field] ?? e.field } : {}),
      message: e.message,
    }))
    .sort((a, b) => a.row - b.row);
}
