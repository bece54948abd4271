import { isMessageKey, leafEntries, messages, translate, type MessageKey } from '../../src/i18n/messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const vi = new Map(leafEntries(messages.vi));
const en = new Map(leafEntries(messages.en));

describe('the English catalogue', () => {
  it('has a text for every Vietnamese key (the failure lists the keys to translate)', () => {
    const missing = [...vi.keys()].filter((key) => !en.has(key));
    expect(missing).toEqual([]);
  });

  it('has no key that Vietnamese lacks (a typo or a key removed from vi)', () => {
    const extra = [...en.keys()].filter((key) => !vi.has(key));
    expect(extra).toEqual([]);
  });

  it('keeps exactly the placeholders of each Vietnamese text', () => {
    const mismatched = [...en].flatMap(([key, text]) => {
      const source = vi.get(key);
      if (source === undefined) return [];
      const [want, got] = [placeholders(source), placeholders(text)];
      return want.join() === got.join() ? [] : [`${key}: vi {${want.join('} {')}} en {${got.join('} {')}}`];
    });
    expect(mismatched).toEqual([]);
  });

  it('is not a copy of the Vietnamese text for sentences', () => {
    const untranslated = [...en]
      .filter(([key, text]) => text.length > 20 && text === vi.get(key))
      .map(([k]) => k);
    // The sample campaign name stays Vietnamese in both: it is an example of data, not interface text.
    expect(untranslated).toEqual(['admin.campaigns.namePlaceholder']);
  });
});

describe('translate', () => {
  it('fills placeholders in the chosen locale and returns an unknown key as is', () => {
    expect(translate('en', 'survey.section', { n: 2, total: 5 })).toBe('Part 2 of 5');
    expect(translate('vi', 'survey.section', { n: 2, total: 5 })).toBe('Phần 2/5');
    // A key that arrives as data (an old stored report) and is not in the catalogue is shown as it is.
    expect(translate('en', 'no.such.key' as MessageKey)).toBe('no.such.key');
  });
});

describe('isMessageKey', () => {
  it('knows the catalogue texts and nothing else (not an area, not a typo)', () => {
    expect(isMessageKey('errors.forbidden')).toBe(true);
    expect(isMessageKey('errors')).toBe(false);
    expect(isMessageKey('errors.forbiden')).toBe(false);
    expect(isMessageKey('Một câu không có trong danh mục')).toBe(false);
  });
});
