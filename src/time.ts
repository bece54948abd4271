// Vietnam (Asia/Ho_Chi_Minh) is UTC+7 all year, with no daylight saving time, so a fixed offset is exact.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of the Vietnam calendar day containing the instant. */
export function vnDay(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** First millisecond of a Vietnam calendar day. */
export function startOfVnDay(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - VN_OFFSET_MS;
}

/** Last millisecond of a Vietnam calendar day: a deadline given as a date means the end of that day. */
export function endOfVnDay(day: string): number {
  return startOfVnDay(day) + DAY_MS - 1;
}

/** An exact Vietnam wall-clock time as an instant. */
export function vnDateTime(day: string, hour: number, minute: number): number {
  return startOfVnDay(day) + (hour * 60 + minute) * 60 * 1000;
}

/** "17:00 ngày 04/12/2023" style, in Vietnam time. */
export function formatVnDateTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${d.slice(11, 16)} ngày ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** A Date whose UTC fields read the Vietnam wall-clock time: what a spreadsheet cell, which has no zone, should hold. */
export function vnWallClock(ms: number): Date {
  return new Date(ms + VN_OFFSET_MS);
}

/** "04/12/2023" in Vietnam time. */
export function formatVnDate(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** The same Vietnam calendar day `years` later (or earlier); 29 February becomes the 28th in a common year. */
export function shiftVnDay(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = year + years;
  const lastOfMonth = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${target}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastOfMonth)).padStart(2, '0')}`;
}

/** The same Vietnam wall-clock time on the same day `years` later (or earlier). */
export function shiftVnYears(ms: number, years: number): number {
  const day = vnDay(ms);
  return startOfVnDay(shiftVnDay(day, years)) + (ms - startOfVnDay(day));
}

/** A clock passed into the app so deadlines are testable without sleeping. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
