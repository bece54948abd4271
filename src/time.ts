import { z } from 'zod';

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

/** "17:00" and "04/12/2023" in Vietnam time: the parts every language's wording of a moment is made of. */
export function vnTimeAndDate(ms: number): { time: string; date: string } {
  return { time: formatVnDateTime(ms).slice(0, 5), date: formatVnDate(ms) };
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

/** A Vietnam calendar day, with the wall-clock time if one was written. */
export type VnMoment = { day: string; time: { hour: number; minute: number } | null };

// Excel's day 0 is 1899-12-30 (it counts the non-existent 29/02/1900).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A date as people write it, in Vietnam time: real Excel dates (UTC fields = the wall clock), serial numbers,
 * dd/mm/yyyy (d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy — the Vietnamese order), ISO yyyy-mm-dd, each optionally with a
 * time ("17:00", "17h", "17 giờ 00 phút", "T17:00"). Blank is null; anything else unreadable is undefined.
 */
export function readVnMoment(value: string | number | Date): VnMoment | null | undefined {
  if (value instanceof Date) return fromWallClock(value.getTime());
  if (typeof value === 'number') return fromSerial(value);
  const text = value.trim();
  if (text === '') return null;
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  const iso =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (iso) {
    const [, y, m, d, hh, mm, zone] = iso;
    if (zone) {
      const instant = Date.parse(text.replace(' ', 'T'));
      return Number.isNaN(instant) ? undefined : fromWallClock(instant + 7 * 3_600_000);
    }
    return moment(+y!, +m!, +d!, hh === undefined ? null : { hour: +hh, minute: +mm! });
  }
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const date = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(folded);
  if (!date) return undefined;
  const rest = (folded.slice(0, date.index) + ' ' + folded.slice(date.index + date[0].length))
    .replace(/ngay|,|luc|vao/g, ' ')
    .trim();
  let time: VnMoment['time'] = null;
  if (rest !== '') {
    const clock = /^(\d{1,2})\s*(?::|h|gio)\s*(?:(\d{1,2})\s*(?:phut|p)?)?(?::\d{2})?$/.exec(rest);
    if (!clock) return undefined;
    time = { hour: +clock[1]!, minute: clock[2] === undefined ? 0 : +clock[2] };
  }
  return moment(+date[3]!, +date[2]!, +date[1]!, time);
}

function moment(year: number, month: number, day: number, time: VnMoment['time']): VnMoment | undefined {
  const probe = new Date(Date.UTC(year, month - 1, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  if (!real || year < 2000 || year > 2100) return undefined;
  // "24 giờ ngày 02/01/2019" is how letters write the end of a day.
  if (time && (time.minute > 59 || time.hour > 24 || (time.hour === 24 && time.minute > 0))) return undefined;
  return { day: probe.toISOString().slice(0, 10), time };
}

function fromWallClock(ms: number): VnMoment | undefined {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const time = hour === 0 && minute === 0 && d.getUTCSeconds() === 0 ? null : { hour, minute };
  return moment(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), time);
}

function fromSerial(serial: number): VnMoment | undefined {
  if (!Number.isFinite(serial) || serial < 36_526 || serial > 73_050) return undefined;
  return fromWallClock(EXCEL_EPOCH_MS + Math.round((serial * DAY_MS) / 60_000) * 60_000);
}

/** A deadline: a bare date means the end of that Vietnam day, a date with a time is exact (docs/DOMAIN.md § Deadlines). */
export function deadlineInstant(m: VnMoment): number {
  return m.time ? vnDateTime(m.day, m.time.hour, m.time.minute) : endOfVnDay(m.day);
}

/** A beginning: a bare date means the start of that Vietnam day, a date with a time is exact. */
export function startInstant(m: VnMoment): number {
  return m.time ? vnDateTime(m.day, m.time.hour, m.time.minute) : startOfVnDay(m.day);
}

/**
 * A moment typed by a person (a form field, a CLI option) or given as epoch ms, as an instant; blank is null.
 * `bareDate` says what a date without a time means: the start of that day, or its end (a deadline).
 */
export function vnInstantField(bareDate: 'start' | 'end', message: string) {
  return z.union([z.number().int(), z.string(), z.null()], { error: message }).transform((value, ctx) => {
    if (value === null || typeof value === 'number') return value;
    const moment = readVnMoment(value);
    if (moment === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    if (moment === null) return null;
    return bareDate === 'end' ? deadlineInstant(moment) : startInstant(moment);
  });
}

/** A clock passed into the app so deadlines are testable without sleeping. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
