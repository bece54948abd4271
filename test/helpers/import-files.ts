import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

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

/** A valid zip archive (stored, one entry) that is not a workbook: what a renamed .zip looks like. */
export function zipWithOneFile(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = zlib.crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
