import {
  formatNumber,
  isMessageKey,
  messageText,
  translate,
  type Locale,
  type Message,
  type MessageKey,
} from '../i18n/messages';
import { vnTimeAndDate } from '../time';

/**
 * What an audit entry says beyond its action, not yet in words: a catalogue key and its parameters. A parameter
 * is data (a name, a code, a file name: shown as stored), a count (written the reader's way) or itself a message
 * (a wording such as "the whole campaign", a date), so the whole detail reads in the reader's language.
 */
export type AuditDetail = { key: MessageKey; params?: Record<string, string | number | Message> };

/** A stored detail read back: the message, or the finished sentence of an entry written before details had keys. */
export type StoredAuditDetail = AuditDetail | string | null;

/** Data shown as it is (a name, a file name, a reason someone typed). */
export function plainDetail(text: string): AuditDetail {
  return { key: 'admin.audit.plain', params: { text } };
}

/** The scope of an action over every unit of the campaign. */
export const WHOLE_CAMPAIGN: Message = { key: 'admin.audit.wholeCampaign' };

/** A reminder for every form type of a unit. */
export const ALL_FORMS: Message = { key: 'admin.audit.allForms' };

/** An instant in Vietnam time, written the reader's way when shown. */
export function dateTimeParam(ms: number): Message {
  return { key: 'app.dateTime', params: vnTimeAndDate(ms) };
}

/** The column's text: JSON with the key first, so an entry is recognisably one of ours. */
export function storeAuditDetail(detail: AuditDetail): string {
  return JSON.stringify({ key: detail.key, params: detail.params ?? {} });
}

/** The stored column read back; anything that is not our JSON is an older entry's sentence, kept as it is. */
export function readAuditDetail(stored: string | null): StoredAuditDetail {
  if (stored === null || !stored.startsWith('{"key":')) return stored;
  try {
    const parsed = JSON.parse(stored) as { key?: unknown; params?: unknown };
    if (typeof parsed.key === 'string' && isMessageKey(parsed.key) && isParams(parsed.params))
      return { key: parsed.key, params: parsed.params };
  } catch {
    // Not JSON after all: an older sentence that happens to start like it.
  }
  return stored;
}

/** The detail in words, in the reader's language ('' when there is none). */
export function auditDetailText(locale: Locale, detail: StoredAuditDetail): string {
  if (detail === null || typeof detail === 'string') return detail ?? '';
  const params = Object.fromEntries(
    Object.entries(detail.params ?? {}).map(([name, value]) => [
      name,
      typeof value === 'number'
        ? formatNumber(locale, value)
        : typeof value === 'string'
          ? value
          : messageText(locale, value),
    ]),
  );
  return translate(locale, detail.key, params);
}

function isParams(value: unknown): value is AuditDetail['params'] {
  if (!value || typeof value !== 'object') return false;
  return Object.values(value).every(
    (v) =>
      typeof v === 'string' ||
      typeof v === 'number' ||
      (!!v && typeof v === 'object' && isMessageKey(String((v as { key?: unknown }).key))),
  );
}
