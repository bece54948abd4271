// Every user-facing sentence lives in the catalogue, split by area (src/i18n/vi/*.ts) and language (vi, en):
// Vietnamese is the reference; every other locale must have the same keys, or it does not compile.
import type { Catalogue } from './catalogue';
import { en } from './en';
import { vi } from './vi';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message's key, 'area.key': a missing or misspelt key is a type error. */
export type MessageKey = Leaves<Catalogue>;
export type MessageParams = Record<string, string | number>;
/** A message not yet put into words: domain code returns these; they become text only when shown. */
export type Message = { key: MessageKey; params?: MessageParams };

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const messages: Record<Locale, Catalogue> = { vi, en };

/** The text of 'area.key' in `locale`, with its {name} placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const text = textOf(locale, key);
  if (text === undefined) return key;
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A message in words, in the reader's language. */
export function messageText(locale: Locale, message: Message): string {
  return translate(locale, message.key, message.params);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
/** Vietnamese text, for the CLI (whose output is Vietnamese) and the mails. */
export const t: Translate = (key, params) => translate('vi', key, params);

/** Every ['area.key', text] of a message tree, depth first. */
export function* leafEntries(tree: object, prefix = ''): Generator<[string, string]> {
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') yield [key, value];
    else if (value && typeof value === 'object') yield* leafEntries(value as object, key);
  }
}

/** True when `key` names a message of the catalogue (keys that arrive as data: stored reports, zod issues). */
export function isMessageKey(key: string): key is MessageKey {
  return textOf('vi', key) !== undefined;
}

// A text, once found by walking the catalogue's tree, is kept by its whole key: a page asks for dozens. Only the
// texts this process uses are kept, and never a key that names none (keys also arrive as data).
const found: Record<Locale, Map<string, string>> = { vi: new Map(), en: new Map() };

function textOf(locale: Locale, key: string): string | undefined {
  const known = found[locale].get(key);
  if (known !== undefined) return known;
  const text = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages[locale]);
  if (typeof text !== 'string') return undefined;
  found[locale].set(key, text);
  return text;
}

const NUMBER_LOCALES: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

/** A quantity as the locale's readers write it: 1.234,5 (vi), 1,234.5 (en). */
export function formatNumber(locale: Locale, n: number, digits = 0): string {
  return n.toLocaleString(NUMBER_LOCALES[locale], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
