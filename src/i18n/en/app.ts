import type { Catalogue } from '../catalogue';

export const app: Catalogue['app'] = {
  name: 'CCHC Index Online Survey',
  owner: 'Department of Home Affairs',
  skipToContent: 'Skip to main content',
  mainNav: 'Main navigation',
  language: 'Language',
  localeNames: { vi: 'Tiếng Việt', en: 'English' },
  dateTime: '{time}, {date}',
};
