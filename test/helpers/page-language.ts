import type { Page } from 'playwright-core';

/** Letters with Vietnamese diacritics (tones, ă â ê ô ơ ư, đ), once decomposed: English text has none. */
const VIETNAMESE = /[\u0300-\u036f\u031b]|đ/i;

/**
 * The Vietnamese words a reader of the page meets (its title, text, and the labels of titles, aria-labels,
 * placeholders and alt texts), leaving out what the page shows as written: `data` (names of units, campaigns,
 * form types, people, file names, a questionnaire's own text…), anything quoted ("…", “…”: a value from a file,
 * an example of what to type), what a person typed (textareas), the elements `skip` matches (a mail preview) and
 * text marked with another language (`lang`, e.g. the switch to Tiếng Việt). Leaves the page as it is.
 */
export async function vietnameseOnPage(
  page: Page,
  data: string[] = [],
  skip: string[] = [],
): Promise<string[]> {
  const selectors = JSON.stringify(
    ['body [lang]', 'textarea', 'script', 'style', 'template', ...skip].join(','),
  );
  const texts = await page.evaluate<string[]>(`(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll(${selectors}).forEach((e) => e.remove());
    const labels = [...body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')].flatMap((e) =>
      ['title', 'aria-label', 'placeholder', 'alt'].map((name) => e.getAttribute(name) || ''),
    );
    return [document.title, body.textContent, ...labels];
  })()`);
  const longestFirst = [...data].sort((a, b) => b.length - a.length);
  return texts.flatMap((text) => {
    let left = text.replace(/"[^"]*"|“[^”]*”/g, ' ');
    for (const d of longestFirst) left = left.split(d).join(' ');
    return left.split(/\s+/).filter((word) => VIETNAMESE.test(word.normalize('NFD')));
  });
}
