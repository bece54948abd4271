import type { Request, RequestHandler, Response } from 'express';
import {
  formatNumber,
  LOCALES,
  messageText,
  translate,
  type Locale,
  type Message,
  type Translate,
} from '../i18n/messages';
import { vnTimeAndDate } from '../time';
import { viewHelpers } from './view-helpers';

export const LANG_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The page language of this request: the `lang` cookie when it names a known locale, else Vietnamese. */
export function localeOf(req: Request): Locale {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  return asLocale(cookies?.[LANG_COOKIE]) ?? 'vi';
}

/**
 * `?lang=en` on any GET stores the choice in a cookie and redirects to the same same-site URL without it;
 * every other request gets `res.locals.locale`, `res.locals.t` in that locale and the switch links.
 */
export function localeMiddleware(secureCookies: boolean): RequestHandler {
  return (req, res, next) => {
    const asked = req.query[LANG_COOKIE];
    if (req.method === 'GET' && asked !== undefined) {
      const chosen = asLocale(asked);
      if (chosen) {
        res.cookie(LANG_COOKIE, chosen, {
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
          maxAge: ONE_YEAR_MS,
          path: '/',
        });
      }
      return res.redirect(withLang(req.originalUrl, undefined));
    }
    const locale = localeOf(req);
    res.locals.locale = locale;
    res.locals.t = translatorFor(locale);
    res.locals.h = viewHelpersFor(locale);
    res.locals.langLinks = langLinks(req.originalUrl, locale);
    next();
  };
}

/** The same links for every URL without a query (most pages, every survey link): built once per locale. */
const PLAIN_LANG_LINKS = new Map(LOCALES.map((current) => [current, langLinksFor('/', current)]));

/** The language switch's links: query-only, so the page's path (a survey token) is never echoed. */
function langLinks(originalUrl: string, current: Locale) {
  if (!originalUrl.includes('?')) return PLAIN_LANG_LINKS.get(current);
  return langLinksFor(originalUrl, current);
}

function langLinksFor(originalUrl: string, current: Locale) {
  return LOCALES.map((l) => ({
    locale: l,
    href: withLang(originalUrl, l).replace(/^[^?]*/, ''),
    current: l === current,
  }));
}

/** A `t` bound to one locale; `t.message` puts a domain Message (a refusal's, an error's) into words. */
export function translatorFor(locale: Locale): LocaleTranslator {
  return TRANSLATORS[locale];
}

type LocaleTranslator = Translate & { message: (message: Message) => string };

// Built once per locale: every request and every page uses one of these.
const TRANSLATORS = Object.fromEntries(
  LOCALES.map((locale) => {
    const tr: Translate = (key, params) => translate(locale, key, params);
    return [locale, Object.assign(tr, { message: (message: Message) => messageText(locale, message) })];
  }),
) as Record<Locale, LocaleTranslator>;

/** The view helpers (`h`) with dates and numbers written the way the locale's readers expect. */
export function viewHelpersFor(locale: Locale): typeof viewHelpers {
  return VIEW_HELPERS[locale];
}

const VIEW_HELPERS = Object.fromEntries(
  LOCALES.map((locale): [Locale, typeof viewHelpers] => [
    locale,
    locale === 'vi'
      ? viewHelpers
      : {
          ...viewHelpers,
          // Times stay Vietnam time whatever the language: deadlines are set in Vietnam.
          dateTime: (ms) => (ms == null ? '—' : translate(locale, 'app.dateTime', vnTimeAndDate(ms))),
          number: (n, digits = 0) => formatNumber(locale, n, digits),
        },
  ]),
) as Record<Locale, typeof viewHelpers>;

/** The request's translator for route code; falls back to Vietnamese before the locale middleware ran. */
export function tFor(res: Response): Translate {
  return (res.locals.t as Translate | undefined) ?? translatorFor('vi');
}

function asLocale(value: unknown): Locale | undefined {
  return LOCALES.find((l) => l === value);
}

// The path is rebuilt from the request's own URL, so the redirect can only ever stay on this site.
function withLang(originalUrl: string, locale: Locale | undefined): string {
  const url = new URL(originalUrl, 'http://localhost');
  if (locale) url.searchParams.set(LANG_COOKIE, locale);
  else url.searchParams.delete(LANG_COOKIE);
  const path = url.pathname.replace(/^\/+/, '/');
  return path + url.search;
}
