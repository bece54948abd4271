import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import { perConnection } from '../db/client';
import { refuseIfClosed } from '../units/campaign-units';
import { newOpenLinkCode } from './open-links';

const statements = perConnection((c) => ({
  // Every open form type with a questionnaire, for the campaign (unit null) and for each of its units, that has
  // no live link yet.
  missing: c.prepare<[{ c: number }], { unitId: number | null; formType: string }>(
    `WITH targets AS (
       SELECT NULL AS unit_id UNION ALL SELECT unit_id FROM campaign_units WHERE campaign_id = :c
     )
     SELECT t.unit_id AS unitId, ft.code AS formType
     FROM targets t CROSS JOIN form_types ft
     WHERE ft.channel = 'open'
       AND EXISTS (SELECT 1 FROM form_definitions fd WHERE fd.campaign_id = :c AND fd.form_type = ft.code)
       AND NOT EXISTS (SELECT 1 FROM open_links l WHERE l.campaign_id = :c AND l.unit_id IS t.unit_id
                         AND l.form_type = ft.code AND l.revoked_at IS NULL)
     ORDER BY t.unit_id, ft.sort_order`,
  ),
  insert: c.prepare<[number, number | null, string, string, number]>(
    'INSERT INTO open_links (campaign_id, unit_id, form_type, code, created_at) VALUES (?, ?, ?, ?, ?)',
  ),
}));

/**
 * Gives every unit of the campaign, and the campaign as a whole, a live open link per open form type
 * (docs/DOMAIN.md § Open links); links that exist stay as they are, so it may be run again after units are added.
 * Returns how many were created.
 */
export const issueOpenLinks = command(
  z.object({ campaignId: z.coerce.number().int().positive() }),
  ({ db, actor, now }, { campaignId }): { created: number } => {
    refuseIfClosed(db, campaignId, 'open.closed');
    const s = statements(db);
    const missing = s.missing.all({ c: campaignId });
    for (const m of missing) s.insert.run(campaignId, m.unitId, m.formType, newOpenLinkCode(), now);
    if (missing.length > 0)
      recordAudit(
        db,
        actor,
        'open_link.issue',
        { campaignId, detail: { key: 'admin.audit.openLinksIssued', params: { count: missing.length } } },
        now,
      );
    return { created: missing.length };
  },
);
