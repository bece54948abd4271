import { UNIT_GROUPS, type UnitGroup } from '../db/schema';
import { endOfVnDay, vnDateTime } from '../time';
import { cleanText, normalizeKey } from './normalize-key';
import type { CellValue } from './types';

/** A parsed cell: the value, or the key of the reason (under `imports.`) it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** The cell as trimmed text ('' when empty); Excel dates as yyyy-mm-dd. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return cleanText(String(value));
}

const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

/**
 * Trimmed, lower-cased, "mailto:" and <> removed, invisible characters pasted from Word or a web page (zero-width
 * spaces and joiners, BOM) dropped; spaces inside, a missing @ or domain are refused.
 */
export function parseEmail(value: CellValue | undefined): Parsed<string> {
  const email = String(value ?? '')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '')
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .toLowerCase();
  return email.length <= 254 && EMAIL_PATTERN.test(email) ? ok(email) : refuse('badEmail');
}

// Checked in this order because names overlap ("Cơ quan Trung ương" must not read as a plain "cơ quan").
const GROUP_MARKERS: [UnitGroup, string[]][] = [
  ['co_quan_tw', ['trunguong', 'coquantw', 'tw']],
  ['dvsn', ['sunghiep', 'dvsn']],
  ['ubnd_huyen', ['ubnd', 'uybannhandan', 'huyen']],
  ['so_nganh', ['songanh', 'sobannganh', 'banganh', 'so']],
];

/** A group written as its code or its Vietnamese name, with or without diacritics. */
export function parseGroup(value: CellValue | undefined): Parsed<UnitGroup> {
  const key = normalizeKey(cellText(value));
  if (!key) return refuse('badGroup');
  const byCode = UNIT_GROUPS.find((g) => normalizeKey(g) === key);
  if (byCode) return ok(byCode);
  for (const [group, markers] of GROUP_MARKERS) {
    if (markers.some((m) => (m.length <= 3 ? key === m || key.startsWith(m) : key.includes(m))))
      return ok(group);
  }
  return refuse('badGroup');
}

/** A non-negative whole number (blank = not given). */
export function parseQuota(value: CellValue | undefined): Parsed<number | null> {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 ? ok(value) : refuse('badQuota');
  const text = cellText(value);
  if (text === '') return ok(null);
  return /^\d{1,7}$/.test(text) ? ok(Number(text)) : refuse('badQuota');
}

/** A Vietnam calendar day, with the wall-clock time if one was written. */
export type VnMoment = { day: string; time: { hour: number; minute: number } | null };

// Excel's day 0 is 1899-12-30 (it counts the non-existent 29/02/1900).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * Real Excel dates (exceljs: UTC fields = the wall clock), serial numbers, dd/mm/yyyy (d/m/yyyy, dd-mm-yyyy,
 * dd.mm.yyyy), ISO yyyy-mm-dd, each optionally with a time ("17:00", "17h", "17 giờ 00 phút").
 */
export function parseMoment(value: CellValue | undefined): Parsed<VnMoment | null> {
  if (value instanceof Date) return fromWallClock(value.getTime());
  if (typeof value === 'number') return fromSerial(value);
  const text = cellText(value);
  if (text === '') return ok(null);
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  const iso =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (iso) {
    const [, y, m, d, hh, mm, zone] = iso;
    if (zone) {
      const instant = Date.parse(text.replace(' ', 'T'));
      return Number.isNaN(instant) ? refuse('badDate') : fromWallClock(instant + 7 * 3_600_000);
    }
    return moment(+y!, +m!, +d!, hh === undefined ? null : { hour: +hh, minute: +mm! });
  }
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const date = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(folded);
  if (!date) return refuse('badDate');
  const rest = (folded.slice(0, date.index) + ' ' + folded.slice(date.index + date[0].length))
    .replace(/ngay|,|luc|vao/g, ' ')
    .trim();
  let time: VnMoment['time'] = null;
  if (rest !== '') {
    const clock = /^(\d{1,2})\s*(?::|h|gio)\s*(?:(\d{1,2})\s*(?:phut|p)?)?(?::\d{2})?$/.exec(rest);
    if (!clock) return refuse('badDate');
    time = { hour: +clock[1]!, minute: clock[2] === undefined ? 0 : +clock[2] };
  }
  return moment(+date[3]!, +date[2]!, +date[1]!, time);
}

function moment(year: number, month: number, day: number, time: VnMoment['time']): Parsed<VnMoment> {
  const probe = new Date(Date.UTC(year, month - 1, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  if (!real || year < 2000 || year > 2100) return refuse('badDate');
  // "24 giờ ngày 02/01/2019" is how letters write the end of a day.
  if (time && (time.minute > 59 || time.hour > 24 || (time.hour === 24 && time.minute > 0)))
    return refuse('badDate');
  return ok({ day: probe.toISOString().slice(0, 10), time });
}

function fromWallClock(ms: number): Parsed<VnMoment> {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const time = hour === 0 && minute === 0 && d.getUTCSeconds() === 0 ? null : { hour, minute };
  return moment(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), time);
}

function fromSerial(serial: number): Parsed<VnMoment> {
  if (!Number.isFinite(serial) || serial < 36_526 || serial > 73_050) return refuse('badDate');
  return fromWallClock(EXCEL_EPOCH_MS + Math.round((serial * DAY_MS) / 60_000) * 60_000);
}

/** A deadline: a bare date means the end of that Vietnam day, a date with a time is exact. */
export function deadlineInstant(m: VnMoment): number {
  return m.time ? vnDateTime(m.day, m.time.hour, m.time.minute) : endOfVnDay(m.day);
}
