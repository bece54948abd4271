import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { WHOLE_CAMPAIGN, type AuditDetail } from '../audit/audit-detail';
import { command, reason } from '../command';
import { perConnection } from '../db/client';
import { AppError } from '../errors';
import { findOpenLink, newOpenLinkCode, OPEN_LINK_PATTERN, type OpenLink } from './open-links';

const statements = perConnection((c) => ({
  revoke: c.prepare<[number, number]>(
    'UPDATE open_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  ),
  insert: c.prepare<[number, number | null, string, string, number]>(
    'INSERT INTO open_links (campaign_id, unit_id, form_type, code, created_at) VALUES (?, ?, ?, ?, ?)',
  ),
}));

/** A checkbox or button as a form sends it ("on", or nothing), or a boolean from the CLI; anything else is refused. */
const checkbox = z.union([z.boolean(), z.enum(['on', ''])]).transform((v) => v === true || v === 'on');

/**
 * Revokes an open link (a poster seen where it should not be, a link shared out of its unit): its page then
 * says it was replaced. With `replace`, the unit gets a new link at once, whose poster must be printed again.
 * Answers already given stay. Returns the new link's code when one was made.
 */
export const revokeOpenLink = command(
  z.object({
    campaignId: z.coerce.number().int().positive(),
    code: z.string().trim().regex(OPEN_LINK_PATTERN, reason('open.linkNotFound')),
    replace: checkbox.default(false),
  }),
  ({ db, actor, now }, { campaignId, code, replace }): { link: OpenLink; newCode: string | null } => {
    const link = findOpenLink(db, code);
    if (!link || link.campaignId !== campaignId) throw new AppError('not_found', 'open.linkNotFound');
    if (link.revokedAt !== null) throw new AppError('conflict', 'open.linkAlreadyRevoked');
    const s = statements(db);
    s.revoke.run(now, link.id);
    const newCode = replace ? newOpenLinkCode() : null;
    if (newCode) s.insert.run(campaignId, link.unitId, link.formType, newCode, now);
    const params = { unit: link.unitCode ?? WHOLE_CAMPAIGN, form: link.formType, code };
    const detail: AuditDetail = newCode
      ? { key: 'admin.audit.openLinkReplaced', params: { ...params, newCode } }
      : { key: 'admin.audit.openLinkText', params };
    recordAudit(db, actor, replace ? 'open_link.replace' : 'open_link.revoke', { campaignId, detail }, now);
    return { link, newCode };
  },
);
