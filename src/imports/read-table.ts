import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { t } from '../i18n/messages';
import { columnNames, fieldOfHeader, TABLE_SPECS, type Field } from './columns';
import type { CellValue, ImportKind } from './types';

/** A data row: its number as the user sees it, and its cells by field. */
export type SourceRow = { row: number; cells: Partial<Record<Field, CellValue>> };

export type TableInfo = {
  sheetName?: string;
  headerRow: number;
  /** The header text as written in the file, per field, to name columns in messages. */
  labels: Partial<Record<Field, string>>;
};

/** The names an uploaded file may have: readTable reads them, or (an old .xls) explains what to do instead. */
export const IMPORT_EXTENSIONS: readonly string[] = ['.csv', '.txt', '.xlsx', '.xlsm', '.xls'];

/** The file itself cannot be used; the message is ready to show. */
export class ImportFileError extends Error {}

// Title rows ("DANH SÁCH ...", "Kèm theo công văn ...") often sit above the header.
const HEADER_SEARCH_ROWS = 20;
const SNIFF_BYTES = 64 * 1024;

/**
 * Streams the rows below the header of a CSV or XLSX file into onRow (blank rows skipped).
 * Throws ImportFileError for a file that is unusable as a whole; never a raw parser error.
 */
export async function readTable(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  onRow: (row: SourceRow) => void,
): Promise<TableInfo> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xls') throw new ImportFileError(t('imports.legacyXls'));
  if (!IMPORT_EXTENSIONS.includes(ext)) {
    throw new ImportFileError(t('imports.unsupportedExtension', { ext: ext || fileName }));
  }
  const head = readHead(filePath);
  if (head.length === 0) throw new ImportFileError(t('imports.fileEmpty'));
  if (isZip(head)) return readXlsx(filePath, fileName, kind, onRow);
  if (ext === '.xlsx' || ext === '.xlsm')
    throw new ImportFileError(t('imports.notWorkbook', { file: fileName }));
  const encoding = textEncoding(head);
  const text = decodeText(head, fileName, encoding);
  return readCsv(filePath, text, encoding, kind, onRow);
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
  if (head[0] === 0xfe && head[1] === 0xff) throw new ImportFileError(t('imports.notUtf8'));
  const notText = () => new ImportFileError(t('imports.notTabular', { file: fileName }));
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
    throw new ImportFileError(t('imports.notUtf8'));
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

/** Finds the header among the first rows, then hands every following row to onRow. */
class HeaderScanner {
  info: TableInfo | null = null;
  private columnFields: (Field | undefined)[] = [];
  private scanned = 0;
  constructor(
    private readonly kind: ImportKind,
    private readonly onRow: (row: SourceRow) => void,
  ) {}

  /** False once the header search window is exhausted without a header. */
  push(rowNumber: number, values: CellValue[]): boolean {
    if (this.info) {
      this.emit(rowNumber, values);
      return true;
    }
    if (isBlank(values)) return true;
    this.scanned++;
    const fields = values.map((v) => (typeof v === 'string' ? fieldOfHeader(this.kind, v) : undefined));
    const spec = TABLE_SPECS[this.kind];
    const found = new Set(fields.filter((f): f is Field => f !== undefined));
    if (found.has(spec.keyField) && found.size >= 2) {
      const missing = spec.required.filter((f) => !found.has(f));
      if (missing.length > 0) {
        throw new ImportFileError(t('imports.missingColumns', { columns: columnNames(this.kind, missing) }));
      }
      const labels: Partial<Record<Field, string>> = {};
      fields.forEach((f, i) => {
        // The first column naming a field wins; a later duplicate is ignored like any extra column.
        if (f && labels[f] === undefined) labels[f] = String(values[i]).trim();
        else if (f) fields[i] = undefined;
      });
      this.columnFields = fields;
      this.info = { headerRow: rowNumber, labels };
      return true;
    }
    return this.scanned < HEADER_SEARCH_ROWS;
  }

  private emit(rowNumber: number, values: CellValue[]): void {
    if (isBlank(values)) return;
    const cells: Partial<Record<Field, CellValue>> = {};
    const fields = this.columnFields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f !== undefined) cells[f] = values[i] ?? null;
    }
    this.onRow({ row: rowNumber, cells });
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
  onRow: (row: SourceRow) => void,
): Promise<TableInfo> {
  const scanner = new HeaderScanner(kind, onRow);
  let seenAny = false;
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(head.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    relax_quotes: true,
  });
  // Line numbers are counted here rather than with csv-parse's `info`, which costs a copied object per row:
  // every record (empty lines included) is one line plus the line breaks quoted inside its cells.
  let line = 0;
  // csv-parse decodes UTF-8 itself; UTF-16 is decoded by the stream (its byte order mark, as U+FEFF, by `bom`).
  const source = fs.createReadStream(filePath, {
    highWaterMark: 1 << 20,
    encoding: encoding === 'utf8' ? undefined : encoding,
  });
  // Synchronous read() loops: an async iterator would cost a promise per row on 100,000-row files.
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      source.destroy();
      parser.destroy();
      reject(error instanceof ImportFileError ? error : new ImportFileError(csvError(error)));
    };
    parser.on('readable', () => {
      try {
        let record: string[] | null;
        while ((record = parser.read()) !== null) {
          line += 1 + innerLineBreaks(record);
          seenAny ||= !isBlank(record);
          if (!scanner.push(line, record)) {
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
  if (!seenAny) throw new ImportFileError(t('imports.fileEmpty'));
  if (!scanner.info) throw new ImportFileError(noHeaderMessage(kind));
  return scanner.info;
}

function innerLineBreaks(record: string[]): number {
  let breaks = 0;
  for (const cell of record) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

function csvError(error: unknown): string {
  const lines = (error as { lines?: number }).lines;
  return t('imports.csvUnreadable', { detail: lines ? String(lines) : '?' });
}

function noHeaderMessage(kind: ImportKind): string {
  const spec = TABLE_SPECS[kind];
  return t('imports.noHeader', { rows: HEADER_SEARCH_ROWS, columns: columnNames(kind, spec.required) });
}

async function readXlsx(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  onRow: (row: SourceRow) => void,
): Promise<TableInfo> {
  const sheetsSeen: string[] = [];
  let seenAny = false;
  let found: TableInfo | null = null;
  // Loaded on demand: exceljs takes most of a second to require, which every CLI command would pay.
  const { default: excel } = await import('exceljs');
  try {
    const reader = new excel.stream.xlsx.WorkbookReader(filePath, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      sheetsSeen.push(sheet.name);
      // Once a sheet has the header the rest of the workbook is ignored, but the stream is still drained:
      // the streaming reader cannot be abandoned midway.
      const scanner: HeaderScanner | null = found ? null : new HeaderScanner(kind, onRow);
      let searching = scanner !== null;
      for await (const row of sheet) {
        if (!searching || !scanner) continue;
        const values = (row.values as unknown[]).slice(1).map(plainCellValue);
        seenAny ||= !isBlank(values);
        searching = scanner.push(row.number, values);
      }
      if (scanner?.info) found = { ...scanner.info, sheetName: sheet.name };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(t('imports.notWorkbook', { file: fileName }));
  }
  if (sheetsSeen.length === 0) throw new ImportFileError(t('imports.notWorkbook', { file: fileName }));
  if (found) return found;
  if (!seenAny) throw new ImportFileError(t('imports.fileEmpty'));
  const spec = TABLE_SPECS[kind];
  throw new ImportFileError(
    t('imports.wrongSheet', {
      sheets: sheetsSeen.map((s) => `"${s}"`).join(', '),
      rows: HEADER_SEARCH_ROWS,
      columns: columnNames(kind, spec.required),
    }),
  );
}

/** Rich text, hyperlinks, formulas and errors reduced to the value a person sees in the cell. */
function plainCellValue(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return plainCellValue(v.text);
    if (v.result !== undefined) return plainCellValue(v.result);
  }
  return null;
}
