import { formatNumber } from '../i18n/messages';
import { formatVnDate, formatVnDateTime } from '../time';

/** Formatting functions every view may call as h.name(...). */
export const viewHelpers = {
  dateTime: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDateTime(ms)),
  date: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDate(ms)),
  number: (n: number, digits = 0) => formatNumber('vi', n, digits),
  percent: (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0),
};
