import { formatVnDate, formatVnDateTime } from '../time';

/** Formatting functions every view may call as h.name(...). */
export const viewHelpers = {
  dateTime: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDateTime(ms)),
  date: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDate(ms)),
  number: (n: number, digits = 0) =>
    n.toLocaleString('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  percent: (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0),
};
