import type { Catalogue, TextsOf } from '../i18n/catalogue';
import type { Message, MessageKey, MessageParams } from '../i18n/messages';
import type { Field } from './columns';
import { IMPORT_LIMITS } from './import-limits';
import type { ImportProblem, ProblemCount } from './types';

type Entry = { row: number; field?: Field; key: MessageKey; params: MessageParams };
type Counted = Omit<Entry, 'row'> & { count: number };

// A value quoted in a message ("Địa chỉ email không hợp lệ: …") is cut to this: a report quotes hundreds.
const QUOTED_CHARS = 100;

/**
 * Row problems as they are found; columns are named by field until the header's own words are known. Errors keep
 * their row out of the import; warnings only point at something the admin may want to check. Each list keeps its
 * first IMPORT_LIMITS.problemsListed problems in full and only counts the rest per kind (message and column): a
 * file with a million bad rows makes a report of a few hundred lines, not of a million.
 */
export class ErrorLog {
  private readonly errors = new ProblemList();
  private readonly warnings = new ProblemList();
  private readonly rows = new Set<number>();

  /** Records `imports.<reason>` for a row; the row will not be written. */
  add(
    row: number,
    field: Field | undefined,
    reason: TextsOf<Catalogue['imports']>,
    params: MessageParams = {},
  ): void {
    this.errors.add(row, field, `imports.${reason}`, params);
    this.rows.add(row);
  }

  /** Records `imports.warnings.<reason>` for a row that is still imported. */
  warn(
    row: number,
    field: Field | undefined,
    reason: TextsOf<Catalogue['imports']['warnings']>,
    params: MessageParams = {},
  ): void {
    this.warnings.add(row, field, `imports.warnings.${reason}`, params);
  }

  get invalidRowCount(): number {
    return this.rows.size;
  }

  hasRow(row: number): boolean {
    return this.rows.has(row);
  }

  /** The errors listed in full, sorted by row, each column named as the file's header wrote it. */
  toErrors(labels: Partial<Record<Field, string>>): ImportProblem[] {
    return this.errors.listedIn(labels);
  }

  toWarnings(labels: Partial<Record<Field, string>>): ImportProblem[] {
    return this.warnings.listedIn(labels);
  }

  /** The problems past those listed, counted per kind; undefined when every one is listed. */
  toOmitted(
    labels: Partial<Record<Field, string>>,
  ): { errors: ProblemCount[]; warnings: ProblemCount[] } | undefined {
    if (this.errors.counted.size === 0 && this.warnings.counted.size === 0) return undefined;
    return { errors: this.errors.countedIn(labels), warnings: this.warnings.countedIn(labels) };
  }
}

class ProblemList {
  private readonly listed: Entry[] = [];
  readonly counted = new Map<string, Counted>();

  add(row: number, field: Field | undefined, key: MessageKey, params: MessageParams): void {
    if (this.listed.length < IMPORT_LIMITS.problemsListed) {
      this.listed.push({ row, field, key, params: mapValues(params, shortened) });
      return;
    }
    // One line per kind stands for rows whose values differ: the message shows none of them.
    const kind = `${key}|${field ?? ''}`;
    const seen = this.counted.get(kind);
    if (seen) seen.count++;
    else this.counted.set(kind, { field, key, params: mapValues(params, () => '…'), count: 1 });
  }

  listedIn(labels: Partial<Record<Field, string>>): ImportProblem[] {
    return this.listed
      .map((e) => ({ row: e.row, ...column(e.field, labels), ...message(e) }))
      .sort((a, b) => a.row - b.row);
  }

  countedIn(labels: Partial<Record<Field, string>>): ProblemCount[] {
    return [...this.counted.values()]
      .map((c) => ({ ...column(c.field, labels), ...message(c), count: c.count }))
      .sort((a, b) => b.count - a.count);
  }
}

function column(field: Field | undefined, labels: Partial<Record<Field, string>>): { column?: string } {
  return field ? { column: labels[field] ?? field } : {};
}

/** The key, and the params when there are any: a report lists thousands of problems, most without values. */
function message({ key, params }: { key: MessageKey; params: MessageParams }): Message {
  return Object.keys(params).length > 0 ? { key, params } : { key };
}

function shortened(value: string | number): string | number {
  return typeof value === 'string' && value.length > QUOTED_CHARS
    ? `${value.slice(0, QUOTED_CHARS)}…`
    : value;
}

function mapValues<V, W>(record: Record<string, V>, fn: (value: V) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
