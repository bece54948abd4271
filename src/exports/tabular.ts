export type Cell = string | number | null;
/** A sheet of data on its way to CSV or XLSX. */
export type Table = { sheetName: string; headers: string[]; rows: Cell[][] };

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula (starts with = + - @ tab or CR) gets a leading apostrophe, so a
 * free-text answer like =HYPERLINK(...) stays text (OWASP "CSV injection").
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** UTF-8 CSV with a byte-order mark (so Excel shows Vietnamese), every text cell formula-neutralised. */
export function toCsv(table: Table): Buffer {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One-sheet XLSX; text is stored as text (never a formula) and formula-neutralised like the CSV. */
export async function toXlsx(table: Table): Promise<Buffer> {
  // Loaded on first use: requiring exceljs costs ~0.8 s and ~28 MB, which every server start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheetName);
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)));
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(10, (table.headers[i] ?? '').length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutralizeFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
