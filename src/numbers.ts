/**
 * A number as people type it in Vietnam or elsewhere: 62,5 · 62.5 · 1.234,5 · 1,234.5 (Excel cells arrive as
 * numbers). Undefined when it is not one.
 */
export function readDecimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  let text = value.trim().replace(/\s/g, '');
  if (!/^[+-]?[\d.,]+$/.test(text) || !/\d/.test(text)) return undefined;
  const comma = text.lastIndexOf(',');
  const dot = text.lastIndexOf('.');
  // The later of the two marks is the decimal one; the other groups thousands.
  if (comma > dot) text = text.replace(/\./g, '').replace(',', '.');
  else text = text.replace(/,/g, '');
  if ((text.match(/\./g) ?? []).length > 1) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
