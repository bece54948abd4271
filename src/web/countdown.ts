import type { Translate } from '../i18n/messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "còn 3 ngày 4 giờ", "còn 5 giờ 12 phút" or "đã hết hạn"; public/countdown.js refreshes it with the same texts. */
export function remainingText(deadlineAt: number, now: number, t: Translate): string {
  const left = deadlineAt - now;
  if (left <= 0) return t('officer.countdown.passed');
  if (left >= DAY) {
    return t('officer.countdown.days', { d: Math.floor(left / DAY), h: Math.floor((left % DAY) / HOUR) });
  }
  return t('officer.countdown.hours', { h: Math.floor(left / HOUR), m: Math.floor((left % HOUR) / MINUTE) });
}
