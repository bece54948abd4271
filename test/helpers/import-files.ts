import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Message } from '../../src/i18n/messages';
import { problemText } from '../../src/imports/problem-text';
import type { ImportReport } from '../../src/imports/types';

/** Writes a CSV file from lines (joined by CRLF unless told), optionally starting with a UTF-8 BOM. */
export function writeCsv(
  dir: string,
  name: string,
  lines: string[],
  opts: { bom?: boolean; eol?: string } = {},
) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, (opts.bom ? '\uFEFF' : '') + lines.join(opts.eol ?? '\r\n') + (opts.eol ?? '\r\n'));
  return file;
}

/** Writes a real XLSX workbook with exceljs: one entry per sheet, rows as cell values (Date = a date cell). */
export async function writeXlsx(dir: string, name: string, sheets: { name: string; rows: unknown[][] }[]) {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    for (const row of s.rows) sheet.addRow(row);
  }
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** One part of a zip archive: its data as stored (method 8: raw deflate) and the uncompressed size declared. */
export type ZipPart = { name: string; data: Buffer; size: number; method?: 0 | 8; crc?: number };

/**
 * A zip archive of the parts, each with the size given (true or not). A CRC left out is 0: the reader under
 * test trusts sizes, not checksums, and computing one over gigabytes would be the slow part of a test.
 */
export function zipOf(parts: ZipPart[]): Buffer {
  // The fields a local header (from byte 4) and a central directory header (from byte 6) share.
  const common = (header: Buffer, at: number, part: ZipPart, nameLength: number) => {
    header.writeUInt16LE(20, at);
    header.writeUInt16LE(part.method ?? 8, at + 4);
    header.writeUInt32LE(part.crc ?? 0, at + 10);
    header.writeUInt32LE(part.data.length, at + 14);
    header.writeUInt32LE(part.size, at + 18);
    header.writeUInt16LE(nameLength, at + 22);
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4, part, name.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    common(central, 6, part, name.length);
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

/** A valid zip archive (stored, one entry) that is not a workbook: what a renamed .zip looks like. */
export function zipWithOneFile(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  return zipOf([{ name, data, size: data.length, method: 0, crc: zlib.crc32(data) }]);
}

/** A report with each problem put into words as the Vietnamese page shows it: located, with its `message`. */
export function inVietnamese(report: ImportReport) {
  const words = <P extends Message>({ key, params, ...located }: P) => ({
    ...located,
    message: problemText('vi', { key, params }),
  });
  const { omitted } = report;
  return {
    ...report,
    errors: report.errors.map(words),
    warnings: report.warnings.map(words),
    ...(omitted
      ? { omitted: { errors: omitted.errors.map(words), warnings: omitted.warnings.map(words) } }
      : {}),
  };
}
