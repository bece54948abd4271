import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ejs from 'ejs';
import QRCode from 'qrcode';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { publicDir, viewsDir } from '../paths';
import { formatVnDateTime } from '../time';
import type { Db } from '../db/client';
import { answerDeadline } from '../units/campaign-units';
import { listOpenLinks, openLinkUrl, type OpenLink } from './open-links';

/** One A4 poster for the one-stop shop (docs/DOMAIN.md § Open links): what it says and its QR code as SVG. */
export type Poster = {
  link: OpenLink;
  url: string;
  /** The address printed in words under the code: without the scheme, easier to type. */
  shortUrl: string;
  deadlineAt: number | null;
  qrSvg: string;
};

/**
 * The posters of a campaign's live open links (of some units only, for an officer; the campaign-wide ones only
 * for an admin), each with its QR code drawn as SVG paths so it prints crisp at any size. Error correction level
 * M survives a crease or a smudge on a printed sheet.
 */
export async function campaignPosters(
  db: Db,
  campaignId: number,
  publicUrl: string,
  unitIds?: number[],
): Promise<Poster[]> {
  const closesAt = db.$client
    .prepare('SELECT closes_at FROM campaigns WHERE id = ?')
    .pluck()
    .get(campaignId) as number | null;
  const links = listOpenLinks(db, campaignId, unitIds).filter((l) => l.revokedAt === null);
  return Promise.all(
    links.map(async (link) => {
      const url = openLinkUrl(publicUrl, link.code);
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return {
        link,
        url,
        shortUrl: url.replace(/^https?:\/\//, ''),
        deadlineAt: link.unitId === null ? closesAt : answerDeadline(db, campaignId, link.unitId),
        qrSvg,
      };
    }),
  );
}

/**
 * The posters as one HTML document, one A4 page each, always in Vietnamese (they hang in a Vietnamese office):
 * the page the web serves (its stylesheet linked, as the CSP wants) or the file the CLI writes (inlined).
 */
export async function posterDocument(
  posters: Poster[],
  title: string,
  css: 'linked' | 'inline',
): Promise<string> {
  const stylesheet = css === 'inline' ? await readFile(path.join(publicDir, 'posters.css'), 'utf8') : null;
  return ejs.renderFile(path.join(viewsDir, 'open', 'posters.ejs'), {
    title,
    posters,
    stylesheet,
    t: (key: MessageKey, params?: MessageParams) => translate('vi', key, params),
    dateTime: formatVnDateTime,
  });
}
