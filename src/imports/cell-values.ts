import type { Catalogue, TextsOf } from '../i18n/catalogue';
import { readQuota, UNIT_GROUPS, type UnitGroup } from '../units/campaign-units';
import { readVnMoment, type VnMoment } from '../time';
import { cleanText, normalizeKey } from './normalize-key';
import type { CellValue } from './types';

/** A parsed cell: the value, or the key of the reason (under `imports.`) it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: TextsOf<Catalogue['imports']> };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(reason: TextsOf<Catalogue['imports']>): Parsed<T> => ({ ok: false, reason });

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

/** A quota as the unit edit reads one (readQuota); blank = not given. */
export function parseQuota(value: CellValue | undefined): Parsed<number | null> {
  const written = typeof value === 'number' ? value : cellText(value);
  if (written === '') return ok(null);
  const quota = readQuota(written);
  return quota === undefined ? refuse('badQuota') : ok(quota);
}

/** A date cell (see readVnMoment for the forms it takes); blank is null. */
export function parseMoment(value: CellValue | undefined): Parsed<VnMoment | null> {
  const moment = readVnMoment(value instanceof Date || typeof value === 'number' ? value : cellText(value));
  return moment === undefined ? refuse('badDate') : ok(moment);
}
