import type { Page } from 'playwright-core';

/** Letters with Vietnamese diacritics (tones, ă â ê ô ơ ư, đ), once decomposed: English text has none. */
const VIETNAMESE = /[\u0300-\u036f\u031b]|đ/i;

/**
 * The lines of the page's visible text that still read as Vietnamese once the data shown is taken out: `data`
 * (names of units, campaigns, form types, people as stored) and the elements `skip` matches (what a person typed,
 * a mail preview). Text marked with another language (`lang`, e.g. the switch to Tiếng Việt) is not the page's.
 * Removes those elements from the page: call it last.
 */
export async function vietnameseLines(page: Page, data: string[], skip: string[] = []): Promise<string[]> {
  const selectors = JSON.stringify(['textarea', 'body [lang]', ...skip].join(','));
  const text = await page.evaluate<string>(`(() => {
    for (const element of document.querySelectorAll(${selectors})) element.remove();
    return document.body.innerText;
  })()`);
  return text
    .split('\n')
    .map((line) => data.reduce((rest, value) => rest.replaceAll(value, ''), line).trim())
    .filter((line) => VIETNAMESE.test(line.normalize('NFD')));
}
