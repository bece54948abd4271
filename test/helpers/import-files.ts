import fs from 'node:fs';
import path from 'node:path';
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
