/** Folds text for matching headers and names: no case, no Vietnamese diacritics (đ→d), no spaces or punctuation. */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Trimmed text with inner runs of whitespace collapsed; how names and codes are stored. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
