export type Cell = string | number | null;
/**
 * A sheet of data on its way to CSV or XLSX. `formats` are Excel number formats per column ('0.00': shown with
 * 2 decimals, the value kept whole); `boldRows` (indexes into `rows`) are totals.
 */
export type Table = {
  sheetName: string;
  headers: string[];
  rows: Cell[][];
  formats?: Array<string | undefined>;
  boldRows?: number[];
};

/**
 * `standard`: `,` between cells, `.` decimals. `vi`: what Excel set to Vietnamese opens as columns and numbers:
 * `;` between cells, `,` decimals. Both UTF-8 with a BOM.
 */
export const CSV_DIALECTS = ['standard', 'vi'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula (starts with = + - @ tab or CR) gets a leading apostrophe, so a
 * free-text answer like =HYPERLINK(...) stays text (OWASP "CSV injection").
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** UTF-8 CSV with a byte-order mark (so Excel shows Vietnamese), every text cell formula-neutralised. */
export function toCsv(table: Table, dialect: CsvDialect = 'standard'): Buffer {
  const separator = dialect === 'vi' ? ';' : ',';
  const lines = [table.headers, ...table.rows].map((row) =>
    row.map((cell) => csvField(cell, dialect)).join(separator),
  );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** An XLSX with one sheet per table; text is stored as text (never a formula) and formula-neutralised like the CSV. */
export async function toXlsx(tables: Table | Table[]): Promise<Buffer> {
  // Loaded on first use: requiring exceljs costs ~0.8 s and ~28 MB, which every server start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const table of Array.isArray(tables) ? tables : [tables]) {
    const sheet = workbook.addWorksheet(table.sheetName);
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)));
    }
    for (const index of table.boldRows ?? []) sheet.getRow(index + 2).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.columns.forEach((column, i) => {
      column.width = Math.min(60, Math.max(10, (table.headers[i] ?? '').length + 2));
      const format = table.formats?.[i];
      if (format) column.numFmt = format;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(cell: Cell, dialect: CsvDialect): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return dialect === 'vi' ? String(cell).replace('.', ',') : String(cell);
  const text = neutralizeFormula(cell);
  const quoted = dialect === 'vi' ? /[";\r\n]/ : /[",\r\n]/;
  return quoted.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
