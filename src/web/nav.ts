import type { RequestHandler } from 'express';
import type { Translate } from '../i18n/messages';
import { tFor } from './locale';

export type NavItem = { href: string; label: string };

/** Puts the audience's main navigation, in the request's language, into every view rendered below this middleware. */
export function withNav(items: (t: Translate) => NavItem[]): RequestHandler {
  return (_req, res, next) => {
    res.locals.nav = items(tFor(res));
    next();
  };
}

export const adminNav = (t: Translate): NavItem[] => [
  { href: '/admin', label: t('admin.nav.campaigns') },
  { href: '/admin/outbox', label: t('admin.nav.outbox') },
  { href: '/admin/users', label: t('admin.nav.users') },
  { href: '/admin/audit', label: t('admin.nav.audit') },
];

export const officerNav = (t: Translate): NavItem[] => [{ href: '/officer', label: t('officer.nav.units') }];

/** The tabs of one campaign's admin pages; one per area of the campaign. */
export function campaignTabs(campaignId: number, t: Translate): NavItem[] {
  const base = `/admin/campaigns/${campaignId}`;
  return [
    { href: base, label: t('admin.tabs.dashboard') },
    { href: `${base}/units`, label: t('admin.tabs.units') },
    { href: `${base}/imports`, label: t('admin.tabs.imports') },
    { href: `${base}/forms`, label: t('admin.tabs.forms') },
    { href: `${base}/mau-thu`, label: t('admin.tabs.templates') },
    { href: `${base}/open-links`, label: t('open.admin.tab') },
    { href: `/admin/outbox?campaign=${campaignId}`, label: t('admin.tabs.outbox') },
    { href: `${base}/dieu-tra-vien`, label: t('interviews.admin.tab') },
    { href: `${base}/results`, label: t('admin.tabs.results') },
    { href: `${base}/edit`, label: t('admin.tabs.edit') },
  ];
}
