import zlib from 'node:zlib';
import { zipOf, type ZipPart } from './import-files';

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
const SHEET_HEAD =
  `<worksheet xmlns="${MAIN}"><sheetData><row r="1">` +
  ['email', 'ho_ten', 'ma_don_vi', 'loai_phieu']
    .map((h, i) => `<c r="${'ABCD'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`)
    .join('') +
  '</row>';
const SHEET_TAIL = '</sheetData></worksheet>';
/** A sheet with the header row only. */
export const HEADER_ONLY_SHEET = deflated('', SHEET_HEAD + SHEET_TAIL);
const SHARED_STRINGS_HEAD = `<sst xmlns="${MAIN}">`;
const SHARED_STRINGS_TAIL = '</sst>';

/** A sheet of the header row, then `copies` megabytes of `unit` repeated (rows, or cells in rows). */
export const sheetOf = (unit: string, copies: number) =>
  repeatedDeflate(SHEET_HEAD, unit, copies, SHEET_TAIL);

/** Shared strings of `copies` megabytes of `unit` repeated. */
export const sharedStringsOf = (unit: string, copies: number) =>
  repeatedDeflate(SHARED_STRINGS_HEAD, unit, copies, SHARED_STRINGS_TAIL);

/** A respondents CSV of the header and a million bad rows (10 MB). */
export const MILLION_BAD_ROWS_CSV = 'email,ho_ten,ma_don_vi,loai_phieu\n' + 'sai,A,X,c\n'.repeat(1_000_000);

/** A CSV of one good row and `bad` rows whose email is invalid (row 3 onwards). */
export function badEmailsCsv(bad: number): string {
  return (
    'email,ho_ten,ma_don_vi,loai_phieu\n' +
    'a@soctrang.gov.vn,Lê Văn A,SNV,cbcc\n' +
    Array.from({ length: bad }, (_, i) => `khong-phai-email-${i},Tên ${i},SNV,cbcc\n`).join('')
  );
}
