import zlib from 'node:zlib';

/** One part of a zip archive: raw deflate data and the uncompressed size the archive declares for it. */
export type ZipPart = { name: string; data: Buffer; size: number };

const MB = 1024 * 1024;

/**
 * Raw deflate data inflating to `head`, then `copies` times `unit` repeated to about a megabyte, then `tail`,
 * with its true size. One copy is compressed and its bytes repeated (each full-flushed segment decodes alike
 * wherever it sits), so a gigabyte of content costs about a megabyte on disk and milliseconds to build.
 */
export function repeatedDeflate(head: string, unit: string, copies: number, tail: string): ZipPart {
  const block = unit.repeat(Math.max(1, Math.floor(MB / unit.length)));
  const segment = (text: string) => zlib.deflateRawSync(text, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const repeated = segment(block);
  const data = Buffer.concat([
    segment(head),
    ...Array.from({ length: copies }, () => repeated),
    segment(tail),
    Buffer.from([0x03, 0x00]), // an empty final block
  ]);
  const size = Buffer.byteLength(head) + copies * Buffer.byteLength(block) + Buffer.byteLength(tail);
  return { name: '', data, size };
}

/** A deflated part of ordinary size. */
export function deflated(name: string, text: string): ZipPart {
  return { name, data: zlib.deflateRawSync(text), size: Buffer.byteLength(text) };
}

/**
 * A zip archive of deflated parts, each with the size given (true or not). CRCs are left at 0: the reader under
 * test trusts sizes, not checksums, and computing one over gigabytes would be the slow part.
 */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * An XLSX workbook of one sheet "DS" whose header row (A1:D1) names the respondent columns, as Excel lays it
 * out; `sheet` and `sharedStrings` (if given) are the crafted parts, their names filled in.
 */
export function workbook(sheet: ZipPart, sharedStrings?: ZipPart): Buffer {
  return zipOf([
    deflated(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    ...(sharedStrings ? [{ ...sharedStrings, name: 'xl/sharedStrings.xml' }] : []),
    { ...sheet, name: 'xl/worksheets/sheet1.xml' },
  ]);
}

/** The start of a sheet whose first row is the respondents header, written as inline strings. */
export const SHEET_HEAD =
  `<worksheet xmlns="${MAIN}"><sheetData><row r="1">` +
  ['email', 'ho_ten', 'ma_don_vi', 'loai_phieu']
    .map((h, i) => `<c r="${'ABCD'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`)
    .join('') +
  '</row>';
export const SHEET_TAIL = '</sheetData></worksheet>';
/** A sheet with the header row only. */
export const HEADER_ONLY_SHEET = deflated('', SHEET_HEAD + SHEET_TAIL);
export const SHARED_STRINGS_HEAD = `<sst xmlns="${MAIN}">`;
export const SHARED_STRINGS_TAIL = '</sst>';
