import { formatNumber } from '../i18n/messages';
import { failureReasonOf } from '../mail/delivery-failure';
import { formatVnDate, formatVnDateTime, startOfVnDay } from '../time';

/** Formatting functions every view may call as h.name(...). */
export const viewHelpers = {
  dateTime: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDateTime(ms)),
  date: (ms: number | null | undefined) => (ms == null ? '—' : formatVnDate(ms)),
  /** A Vietnam calendar day ('YYYY-MM-DD') as "04/12/2023". */
  day: (day: string | null | undefined) => (day == null ? '—' : formatVnDate(startOfVnDay(day))),
  number: (n: number, digits = 0) => formatNumber('vi', n, digits),
  percent: (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0),
  /** The reason a stored delivery failure names (`mail.failure.<reason>`, `mail.failureAdvice.<reason>`). */
  failureReason: failureReasonOf,
};
