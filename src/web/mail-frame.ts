import type { Response } from 'express';
import { MAIL_STYLE_SOURCES } from '../mail/mail-html';

/**
 * A page showing a mail in a sandboxed frame (srcdoc) lends the frame its Content-Security-Policy: allow exactly
 * the mail's own style attributes, by hash, so the frame shows the mail as the recipient sees it, and no other
 * inline style is allowed.
 */
export function allowMailStyles(res: Response): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  res.setHeader(
    'Content-Security-Policy',
    policy.replace(
      /(^|;)style-src ([^;]*)/,
      `$1style-src $2 'unsafe-hashes' ${MAIL_STYLE_SOURCES.join(' ')}`,
    ),
  );
}
