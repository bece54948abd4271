import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { IMPORT_LIMITS, ImportFileError, limitExceeded, type ReadBudget } from './import-limits';
import type { CellValue } from './types';

/**
 * Receives a sheet's rows (cells by 0-based column, holes for absent cells) and whether the row is blank, known
 * as its cells are read (a cell far to the right makes a long sparse array); false stops reading the sheet.
 */
export type SheetRows = (row: number, values: CellValue[], blank: boolean) => boolean;

/** Malformed in a way no spreadsheet program writes; the caller names the file. */
class NotAWorkbook extends Error {}

// Excel's last column is XFD; a reference past it would make an array that size.
const MAX_COLUMNS = 16_384;

/**
 * Reads an XLSX workbook's sheets in the workbook's order, handing each sheet's name to onSheet and its rows to
 * the function onSheet returns (null: read no further sheet). Every part is checked against the budget before
 * it is inflated (its declared size) and while it is (the bytes actually produced, which must also match the
 * declared size), and the shared strings are bounded: a small file cannot make this hold more than the limits.
 * Throws ImportFileError past a limit, any other error for a damaged file.
 */
export async function readWorkbook(
  filePath: string,
  budget: ReadBudget,
  onSheet: (name: string) => SheetRows | null,
): Promise<void> {
  // validateEntrySizes: an entry inflating to more (or fewer) bytes than its declared size fails as it streams.
  const zip = await yauzl.openPromise(filePath, { autoClose: false, validateEntrySizes: true });
  try {
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.startsWith('xl/')) entries.set(entry.fileName, entry);
    }
    const part = (name: string) => entries.get(name);
    const workbookEntry = part('xl/workbook.xml');
    const relsEntry = part('xl/_rels/workbook.xml.rels');
    if (!workbookEntry || !relsEntry) throw new NotAWorkbook();
    const read = (entry: yauzl.Entry, handlers: XmlHandlers) => readXml(zip, entry, budget, handlers);

    const workbook = await readWorkbookPart(read, workbookEntry);
    const targets = await readRelationships(read, relsEntry);
    const stylesEntry = part('xl/styles.xml');
    const dateStyles = stylesEntry ? await readDateStyles(read, stylesEntry) : [];
    const stringsEntry = part('xl/sharedStrings.xml');
    const strings = stringsEntry ? await readSharedStrings(read, stringsEntry) : [];

    if (workbook.sheets.length > IMPORT_LIMITS.sheets) throw limitExceeded('sheets');
    for (const sheet of workbook.sheets) {
      const target = targets.get(sheet.relId);
      const entry = target && part(target);
      if (!entry) continue; // a chart sheet, or a sheet the archive lacks
      const onRow = onSheet(sheet.name);
      if (!onRow) return;
      await read(entry, sheetHandlers({ strings, dateStyles, date1904: workbook.date1904, budget, onRow }));
    }
  } finally {
    zip.close();
  }
}

type XmlHandlers = {
  open(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
  /** True once the part has given what it is read for: the rest is not inflated. */
  done?(): boolean;
  /** The error for text or a tag longer than IMPORT_LIMITS.rowChars (no real part has one). */
  tooLong?(): ImportFileError;
};

/** Streams one part through the XML parser: names without their namespace prefix, sizes checked. */
async function readXml(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: ReadBudget,
  handlers: XmlHandlers,
): Promise<void> {
  budget.reserveContent(entry.uncompressedSize);
  const parser = new SaxesParser({ position: false, xmlns: false });
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open(local(tag.name), tag.attributes));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(local(tag.name)));
  }
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new StringDecoder('utf8');
  // The parser keeps text and tags whole until they end: characters since the last '<' bound what it holds.
  let sinceTag = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.addContent(chunk.length);
      const text = decoder.write(chunk);
      const lastTag = text.lastIndexOf('<');
      sinceTag = lastTag === -1 ? sinceTag + text.length : text.length - lastTag - 1;
      if (sinceTag > IMPORT_LIMITS.rowChars) throw handlers.tooLong?.() ?? new NotAWorkbook();
      parser.write(text);
      if (failure) throw new NotAWorkbook(failure.message);
      if (handlers.done?.()) return;
    }
    parser.close();
    if (failure) throw new NotAWorkbook(failure.message);
  } finally {
    stream.destroy();
  }
}

type ReadPart = (entry: yauzl.Entry, handlers: XmlHandlers) => Promise<void>;

async function readWorkbookPart(read: ReadPart, entry: yauzl.Entry) {
  const sheets: { name: string; relId: string }[] = [];
  let date1904 = false;
  await read(entry, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') {
        const relId = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
        if (relId !== undefined) sheets.push({ name: a.name ?? '', relId });
      }
    },
  });
  return { sheets, date1904 };
}

/** Worksheet relationship id → the part's name in the archive ("xl/worksheets/sheet1.xml"). */
async function readRelationships(read: ReadPart, entry: yauzl.Entry): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  await read(entry, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || !a.Type?.endsWith('/worksheet')) return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : path.posix.join('xl', a.Target);
      targets.set(a.Id, path.posix.normalize(target));
    },
  });
  return targets;
}

// Built-in number formats that show a date or a time (ECMA-376 §18.8.30, with the East Asian ones).
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code shows a date when it has date or time letters outside quoted text and [..] sections. */
function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Per cell style index: whether its number format shows a date (such numbers are Excel dates). */
async function readDateStyles(read: ReadPart, entry: yauzl.Entry): Promise<boolean[]> {
  const custom = new Map<string, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await read(entry, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined)
        custom.set(a.numFmtId, isDateFormat(a.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = a.numFmtId ?? '0';
        styles.push(custom.get(id) ?? BUILT_IN_DATE_FORMATS.has(Number(id)));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** The shared-strings table, rich text flattened, phonetic guides left out; bounded in count and length. */
async function readSharedStrings(read: ReadPart, entry: yauzl.Entry): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await read(entry, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 't') inText = !inPhonetic;
      else if (name === 'rPh') inPhonetic = true;
    },
    text(text) {
      if (!inText) return;
      current += text;
      if (chars + current.length > IMPORT_LIMITS.sharedStringChars) throw limitExceeded('sharedStringChars');
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') {
        if (strings.length === IMPORT_LIMITS.sharedStrings) throw limitExceeded('sharedStrings');
        strings.push(current);
        chars += current.length;
      }
    },
    tooLong: () => limitExceeded('sharedStringChars'),
  });
  return strings;
}

type SheetContext = {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  budget: ReadBudget;
  onRow: SheetRows;
};

const EXCEL_EPOCH_UNIX_DAYS = 25_569;
const DATE_1904_OFFSET_DAYS = 1_462;

/** A worksheet's rows as plain values: text, numbers, booleans, dates (a date-formatted number), null. */
function sheetHandlers(ctx: SheetContext): XmlHandlers {
  let rowNumber = 0;
  let values: CellValue[] = [];
  let cells = 0;
  let chars = 0;
  let blank = true;
  let nextColumn = 0;
  let column = 0;
  let type: string | undefined;
  let style = 0;
  let value: string | null = null;
  let inline: string | null = null;
  let inValue = false;
  let inInlineText = false;
  let inPhonetic = false;
  let stopped = false;

  const cellValue = (): CellValue => {
    switch (type) {
      case 's': {
        const text = value === null ? undefined : ctx.strings[Number(value)];
        return text ?? null;
      }
      case 'inlineStr':
        return inline ?? value;
      case 'str':
        return value;
      case 'b':
        return value === null ? null : value.trim() !== '0' && value.trim() !== 'false';
      case 'e':
        return null;
      case 'd': {
        if (value === null) return null;
        const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(value.trim());
        const ms = Date.parse(zoned ? value : `${value.trim()}Z`);
        return Number.isNaN(ms) ? null : new Date(ms);
      }
      default: {
        if (value === null || value.trim() === '') return null;
        const number = Number(value);
        if (!Number.isFinite(number)) return null;
        if (!ctx.dateStyles[style]) return number;
        // The wall clock as UTC fields, as the rest of the import expects of a date cell.
        const days = number - EXCEL_EPOCH_UNIX_DAYS + (ctx.date1904 ? DATE_1904_OFFSET_DAYS : 0);
        return new Date(Math.round(days * 86_400_000));
      }
    }
  };

  return {
    open(name, a) {
      if (stopped) return;
      switch (name) {
        case 'row':
          rowNumber = a.r !== undefined ? Number(a.r) : rowNumber + 1;
          if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw new NotAWorkbook();
          values = [];
          cells = 0;
          chars = 0;
          blank = true;
          nextColumn = 0;
          break;
        case 'c':
          column = a.r !== undefined ? columnOf(a.r) : nextColumn;
          type = a.t;
          style = a.s !== undefined ? Number(a.s) : 0;
          value = null;
          inline = null;
          break;
        case 'v':
          inValue = true;
          value = '';
          break;
        case 'is':
          inline = '';
          break;
        case 't':
          inInlineText = inline !== null && !inPhonetic;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    },
    text(text) {
      if (stopped) return;
      if (inValue) value += text;
      else if (inInlineText) inline += text;
    },
    close(name) {
      if (stopped) return;
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 't':
          inInlineText = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          const cell = cellValue();
          cells++;
          if (typeof cell === 'string') chars += cell.length;
          if (cell !== null) values[column] = cell;
          if (cell !== null && (typeof cell !== 'string' || cell.trim() !== '')) blank = false;
          nextColumn = column + 1;
          break;
        }
        case 'row':
          ctx.budget.row(rowNumber, cells, chars);
          if (!ctx.onRow(rowNumber, values, blank)) stopped = true;
          break;
      }
    },
    done: () => stopped,
    tooLong: () => limitExceeded('rowChars', { row: Math.max(rowNumber, 1) }),
  };
}

/** 0-based column of a cell reference ("B7" → 1). */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) throw new NotAWorkbook();
  }
  if (column === 0) throw new NotAWorkbook();
  return column - 1;
}
