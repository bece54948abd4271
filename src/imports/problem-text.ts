import { formatNumber, translate, type Locale, type Message } from '../i18n/messages';

/**
 * A report's problem in the reader's language. Counts and limits are written with the locale's digit grouping;
 * row numbers label a line of the file and are written as the report's row column shows them.
 */
export function problemText(locale: Locale, problem: Message): string {
  const params = Object.entries(problem.params ?? {}).map(([name, value]) => [
    name,
    typeof value === 'number' && name !== 'row' ? formatNumber(locale, value) : value,
  ]);
  return translate(locale, problem.key, Object.fromEntries(params) as Record<string, string>);
}
