import { createHash } from 'node:crypto';

/**
 * The HTML around a mail's words: inline styles only (mail readers drop style sheets), a fixed set of them, so
 * the admin pages that show a mail in a frame can allow exactly these (MAIL_STYLE_SOURCES) and no other style.
 */
const STYLES = {
  page: 'margin:0;padding:0;background:#f3f4f6',
  frame: 'max-width:600px;margin:0 auto;padding:24px 12px',
  card:
    'background:#ffffff;border:1px solid #d8dde3;border-radius:6px;padding:24px;' +
    'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.55;color:#1f2328',
  paragraph: 'margin:0 0 16px',
  buttonRow: 'margin:24px 0 8px',
  button:
    'display:inline-block;padding:12px 24px;background:#0b57d0;color:#ffffff;text-decoration:none;' +
    'border-radius:4px;font-weight:bold',
  hint: 'margin:0 0 16px;font-size:13px;color:#555555',
  link: 'color:#0b57d0;word-break:break-all',
  list: 'margin:0 0 16px;padding-left:22px',
  notice: 'margin:24px 0 0;padding-top:16px;border-top:1px solid #d8dde3;font-size:13px;color:#555555',
} as const;

/** The CSP sources ('sha256-…') of every style attribute a mail's HTML carries. */
export const MAIL_STYLE_SOURCES: readonly string[] = Object.values(STYLES).map(
  (style) => `'sha256-${createHash('sha256').update(style).digest('base64')}'`,
);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

export const PARAGRAPH_OPEN = `<p style="${STYLES.paragraph}">`;

/** A whole mail document around `body` (already HTML), with the fixed notice under a rule at the end. */
export function mailDocument(body: string, notice: string): string {
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="${STYLES.page}"><div style="${STYLES.frame}"><div style="${STYLES.card}">` +
    body +
    `<p style="${STYLES.notice}">${escapeHtml(notice)}</p></div></div></body></html>`
  );
}

/** The personal link as a button, with the address written out under it for readers that block buttons. */
export function linkButton(href: string, label: string, hint: string): string {
  const url = escapeHtml(href);
  return (
    `<p style="${STYLES.buttonRow}"><a href="${url}" style="${STYLES.button}">${escapeHtml(label)}</a></p>` +
    `<p style="${STYLES.hint}">${escapeHtml(hint)} <a href="${url}" style="${STYLES.link}">${url}</a></p>`
  );
}

/** A link inside a sentence: the address itself, clickable. */
export function inlineLink(href: string): string {
  const url = escapeHtml(href);
  return `<a href="${url}" style="${STYLES.link}">${url}</a>`;
}

/** A sentence followed by a list of named links (the person's other forms). */
export function linkList(intro: string, links: ReadonlyArray<{ name: string; href: string }>): string {
  const items = links
    .map((l) => `<li><a href="${escapeHtml(l.href)}" style="${STYLES.link}">${escapeHtml(l.name)}</a></li>`)
    .join('');
  return `<p style="${STYLES.paragraph}">${escapeHtml(intro)}</p><ul style="${STYLES.list}">${items}</ul>`;
}
