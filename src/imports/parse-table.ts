import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Message } from '../i18n/messages';
import { columnNames, fieldOfHeader, TABLE_SPECS, type Field } from './columns';
import { IMPORT_LIMITS, ImportFileError, limitExceeded, ReadBudget } from './import-limits';
import { IMPORT_EXTENSIONS, type TableInfo } from './read-table';
import { readWorkbook } from './read-workbook';
import type { CellValue, ImportKind } from './types';

/** Where a parse hands what it finds: the header's fields once, then each data row's cells in that order. */
export type TableSink = {
  header(fields: Field[]): void;
  row(row: number, cells: CellValue[]): void;
};

// Title rows ("DANH SÁCH ...", "Kèm theo công văn ...") often sit above the header.
const HEADER_SEARCH_ROWS = 20;
const SNIFF_BYTES = 64 * 1024;
// Sheets named in the message of a workbook without a header; a crafted file can have hundreds.
const SHEETS_NAMED = 10;

/**
 * Reads the rows below the header of a CSV or XLSX file into the sink (blank rows skipped), within
 * IMPORT_LIMITS. Throws ImportFileError for a file that is unusable as a whole; never a raw parser error.
 * Runs in the parsing thread (read-table.ts).
 */
export async function parseTable(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  sink: TableSink,
): Promise<TableInfo> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xls') throw new ImportFileError({ key: 'imports.legacyXls' });
  if (!IMPORT_EXTENSIONS.includes(ext)) {
    throw new ImportFileError({ key: 'imports.unsupportedExtension', params: { ext: ext || fileName } });
  }
  const head = readHead(filePath);
  if (head.length === 0) throw new ImportFileError({ key: 'imports.fileEmpty' });
  const budget = new ReadBudget();
  if (isZip(head)) return readXlsx(filePath, fileName, kind, sink, budget);
  if (ext === '.xlsx' || ext === '.xlsm')
    throw new ImportFileError({ key: 'imports.notWorkbook', params: { file: fileName } });
  const encoding = textEncoding(head);
  const text = decodeText(head, fileName, encoding);
  budget.reserveContent(fs.statSync(filePath).size);
  return readCsv(filePath, text, encoding, kind, sink, budget);
}

type TextEncoding = 'utf8' | 'utf16le';

/** Excel's "Unicode Text" (.txt) is UTF-16 little-endian with a byte order mark; anything else must be UTF-8. */
function textEncoding(head: Buffer): TextEncoding {
  return head[0] === 0xff && head[1] === 0xfe ? 'utf16le' : 'utf8';
}

function readHead(filePath: string): Buffer {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const read = fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32BE(0) === 0x504b0304;
}

/** The sniffed head of a text file as text; refused if it is not text (an image, a PDF) or not UTF-8/UTF-16. */
function decodeText(head: Buffer, fileName: string, encoding: TextEncoding): string {
  if (head[0] === 0xfe && head[1] === 0xff) throw new ImportFileError({ key: 'imports.notUtf8' });
  const notText = () => new ImportFileError({ key: 'imports.notTabular', params: { file: fileName } });
  if (encoding === 'utf16le') {
    // Cut to whole code units; a pair split at the end decodes as one replacement character, which is harmless.
    const text = new TextDecoder('utf-16le').decode(head.subarray(0, head.length - (head.length % 2)));
    if (!looksLikeText(Array.from(text, (ch) => ch.charCodeAt(0)))) throw notText();
    return text;
  }
  if (!looksLikeText(head)) throw notText();
  // The sniffed block may end inside a multi-byte character: drop up to 3 trailing bytes before judging.
  const whole = head.length < SNIFF_BYTES ? head : head.subarray(0, lastCharBoundary(head));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(whole);
  } catch {
    throw new ImportFileError({ key: 'imports.notUtf8' });
  }
}

/** Text has no NUL and almost no control characters; images, PDFs and random bytes have many. */
function looksLikeText(codes: ArrayLike<number>): boolean {
  let control = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) return false;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) control++;
  }
  return control <= codes.length / 100;
}

function lastCharBoundary(buffer: Buffer): number {
  let end = buffer.length;
  while (end > 0 && end > buffer.length - 4 && (buffer[end - 1]! & 0xc0) === 0x80) end--;
  return end > 0 && buffer[end - 1]! >= 0xc0 ? end - 1 : buffer.length;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Whichever of `,`, `;` and tab separates the most cells in the first lines (quoted text not counted). */
function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  const sample = text
    .split(/\r?\n/)
    .slice(0, HEADER_SEARCH_ROWS)
    .join('\n')
    .replace(/"[^"]*"/g, '');
  const count = (ch: string) => sample.split(ch).length - 1;
  return DELIMITERS.reduce((best, ch) => (count(ch) > count(best) ? ch : best));
}

/** Finds the header among the first rows, then hands every following row's used cells to the sink. */
class HeaderScanner {
  info: TableInfo | null = null;
  /** Column of each field the header names, in header order. */
  private columns: number[] = [];
  private scanned = 0;
  constructor(
    private readonly kind: ImportKind,
    private readonly sink: TableSink,
    private readonly budget: ReadBudget,
  ) {}

  /** False once the header search window is exhausted without a header. */
  push(rowNumber: number, values: CellValue[], blank = isBlank(values)): boolean {
    if (blank) return true;
    if (this.info) {
      this.emit(rowNumber, values);
      return true;
    }
    this.scanned++;
    const fields = Array.from(values, (v) =>
      typeof v === 'string' ? fieldOfHeader(this.kind, v) : undefined,
    );
    const spec = TABLE_SPECS[this.kind];
    const found = new Set(fields.filter((f): f is Field => f !== undefined));
    if (found.has(spec.keyField) && found.size >= 2) {
      const missing = spec.required.filter((f) => !found.has(f));
      if (missing.length > 0) {
        throw new ImportFileError({
          key: 'imports.missingColumns',
          params: { columns: columnNames(this.kind, missing) },
        });
      }
      const labels: Partial<Record<Field, string>> = {};
      const used: Field[] = [];
      fields.forEach((f, i) => {
        // The first column naming a field wins; a later duplicate is ignored like any extra column.
        if (!f || labels[f] !== undefined) return;
        labels[f] = String(values[i]).trim();
        used.push(f);
        this.columns.push(i);
      });
      this.sink.header(used);
      this.info = { headerRow: rowNumber, labels };
      return true;
    }
    return this.scanned < HEADER_SEARCH_ROWS;
  }

  private emit(rowNumber: number, values: CellValue[]): void {
    let chars = 0;
    const cells = this.columns.map((column) => {
      const value = values[column] ?? null;
      if (typeof value === 'string') chars += value.length;
      return value;
    });
    this.budget.handOver(chars);
    this.sink.row(rowNumber, cells);
  }
}

function isBlank(values: CellValue[]): boolean {
  for (const v of values) {
    if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) return false;
  }
  return true;
}

async function readCsv(
  filePath: string,
  head: string,
  encoding: TextEncoding,
  kind: ImportKind,
  sink: TableSink,
  budget: ReadBudget,
): Promise<TableInfo> {
  const scanner = new HeaderScanner(kind, sink, budget);
  let seenAny = false;
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(head.replace(/^\uFEFF/, '')),
    // Every line break ends a row, whatever the header line ended with: a header saved with CRLF above rows
    // pasted with LF would otherwise read as one long row.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: IMPORT_LIMITS.rowChars,
    relax_column_count: true,
    relax_quotes: true,
  });
  // Line numbers are counted here rather than with csv-parse's `info`, which costs a copied object per row:
  // every record (empty lines included) is one line plus the line breaks quoted inside its cells.
  let line = 0;
  // csv-parse decodes UTF-8 itself; UTF-16 is decoded by the stream (its byte order mark, as U+FEFF, by `bom`).
  const source = fs.createReadStream(filePath, {
    highWaterMark: 1 << 16,
    encoding: encoding === 'utf8' ? undefined : encoding,
  });
  // Synchronous read() loops: an async iterator would cost a promise per row on 100,000-row files.
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      source.destroy();
      parser.destroy();
      reject(error instanceof ImportFileError ? error : csvError(error, line + 1));
    };
    parser.on('readable', () => {
      try {
        let record: string[] | null;
        while ((record = parser.read()) !== null) {
          line += 1 + innerLineBreaks(record);
          budget.row(line, record.length, 0);
          const blank = isBlank(record);
          seenAny ||= !blank;
          if (!scanner.push(line, record, blank)) {
            source.destroy();
            parser.destroy();
            resolve();
            return;
          }
        }
      } catch (error) {
        fail(error);
      }
    });
    parser.on('end', resolve);
    parser.on('error', fail);
    source.on('error', fail);
    source.pipe(parser);
  });
  if (!seenAny) throw new ImportFileError({ key: 'imports.fileEmpty' });
  if (!scanner.info) throw new ImportFileError(noHeader(kind));
  return scanner.info;
}

function innerLineBreaks(record: string[]): number {
  let breaks = 0;
  for (const cell of record) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

function csvError(error: unknown, nextLine: number): ImportFileError {
  if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
    return limitExceeded('rowChars', { row: nextLine });
  const lines = (error as { lines?: number }).lines;
  return new ImportFileError({
    key: 'imports.csvUnreadable',
    params: { detail: lines ? String(lines) : '?' },
  });
}

function noHeader(kind: ImportKind): Message {
  const spec = TABLE_SPECS[kind];
  return {
    key: 'imports.noHeader',
    params: { rows: HEADER_SEARCH_ROWS, columns: columnNames(kind, spec.required) },
  };
}

async function readXlsx(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  sink: TableSink,
  budget: ReadBudget,
): Promise<TableInfo> {
  const sheetsSeen: string[] = [];
  let seenAny = false;
  let found: TableInfo | null = null;
  try {
    await readWorkbook(filePath, budget, (name) => {
      // Once a sheet has the header, the rest of the workbook is not read.
      if (found) return null;
      sheetsSeen.push(name);
      const scanner = new HeaderScanner(kind, sink, budget);
      return (row, values, blank) => {
        seenAny ||= !blank;
        const more = scanner.push(row, values, blank);
        if (scanner.info && !found) found = { ...scanner.info, sheetName: name };
        return more;
      };
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError({ key: 'imports.notWorkbook', params: { file: fileName } });
  }
  if (sheetsSeen.length === 0)
    throw new ImportFileError({ key: 'imports.notWorkbook', params: { file: fileName } });
  if (found) return found;
  if (!seenAny) throw new ImportFileError({ key: 'imports.fileEmpty' });
  const named = sheetsSeen.slice(0, SHEETS_NAMED).map((s) => `"${s}"`);
  if (sheetsSeen.length > SHEETS_NAMED) named.push('…');
  const spec = TABLE_SPECS[kind];
  throw new ImportFileError({
    key: 'imports.wrongSheet',
    params: { sheets: named.join(', '), rows: HEADER_SEARCH_ROWS, columns: columnNames(kind, spec.required) },
  });
}
