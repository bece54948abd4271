import { translate, type Message } from '../i18n/messages';

/**
 * What one uploaded file may make the server read and hold (docs/DOMAIN.md § Imports): far above a real list (a
 * province sends a few thousand rows, the bench imports 100,000), far below what a crafted file would need to
 * exhaust the server. A file beyond any of them is refused as a whole, naming the limit. Keep the figures in
 * docs/DOMAIN.md and the README in step.
 */
export const IMPORT_LIMITS = {
  /** Rows read, blank ones included. */
  rows: 200_000,
  /** Cells read in the whole file (every column, blank cells that the file spells out included). */
  cells: 5_000_000,
  /** Characters in one row. */
  rowChars: 1_048_576,
  /** Characters in the cells handed to the importer (the columns it uses), in the whole file. */
  textChars: 50_000_000,
  /** Bytes of content: a text file's size; for a workbook, the parts it reads once inflated. */
  contentBytes: 200 * 1024 * 1024,
  /** Worksheets of a workbook. */
  sheets: 1_000,
  /** Entries of a workbook's shared-strings table, and their total length in characters. */
  sharedStrings: 1_000_000,
  sharedStringChars: 32_000_000,
  /** Memory of the thread that parses the file (V8 heap): the backstop for anything the bounds above miss. */
  parserHeapMb: 256,
  /** Errors, and warnings, listed in full in a report; the rest are counted per kind. */
  problemsListed: 500,
};

export type ImportLimit = Exclude<keyof typeof IMPORT_LIMITS, 'problemsListed'>;

/**
 * The file itself cannot be used: `problem` says why, as a catalogue key with its values (all that crosses from
 * the parsing thread); the Error's own message is its Vietnamese text, for logs.
 */
export class ImportFileError extends Error {
  constructor(readonly problem: Message) {
    super(translate('vi', problem.key, problem.params));
  }
}

/** The refusal of a file beyond `limit`, saying which limit and what to do about it. */
export function limitExceeded(
  limit: ImportLimit,
  params: Record<string, string | number> = {},
): ImportFileError {
  const value = IMPORT_LIMITS[limit];
  const shown = limit === 'contentBytes' ? value / 1024 / 1024 : value;
  return new ImportFileError({ key: `imports.limits.${limit}`, params: { limit: shown, ...params } });
}

/** Counts what a parse has read against IMPORT_LIMITS and throws the matching refusal past any of them. */
export class ReadBudget {
  private rows = 0;
  private cells = 0;
  private text = 0;
  private content = 0;

  /** One more row (blank or not) of `cellCount` cells and `chars` characters, numbered `row` in the file. */
  row(row: number, cellCount: number, chars: number): void {
    if (++this.rows > IMPORT_LIMITS.rows) throw limitExceeded('rows');
    this.cells += cellCount;
    if (this.cells > IMPORT_LIMITS.cells) throw limitExceeded('cells');
    if (chars > IMPORT_LIMITS.rowChars) throw limitExceeded('rowChars', { row });
  }

  /** Characters handed to the importer. */
  handOver(chars: number): void {
    this.text += chars;
    if (this.text > IMPORT_LIMITS.textChars) throw limitExceeded('textChars');
  }

  /** Before reading a part whose size is declared: refused when it would not fit. */
  reserveContent(declaredBytes: number): void {
    if (this.content + declaredBytes > IMPORT_LIMITS.contentBytes) throw limitExceeded('contentBytes');
  }

  /** Bytes actually read (inflated). */
  addContent(bytes: number): void {
    this.content += bytes;
    if (this.content > IMPORT_LIMITS.contentBytes) throw limitExceeded('contentBytes');
  }
}
