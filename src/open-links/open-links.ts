import { customAlphabet } from 'nanoid';
import { perConnection, type Db } from '../db/client';
import type { CampaignStatus } from '../db/schema';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import type { VersionedDefinition } from '../forms/get-form-definition';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';

/**
 * A link's code: 10 symbols of 31 (no 0/o, 1/l/i), about 50 bits. Short enough to read off a poster and type,
 * far too many to find a neighbouring unit's link by trying (docs/DOMAIN.md § Open links).
 */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const OPEN_LINK_CODE_LENGTH = 10;
export const newOpenLinkCode = customAlphabet(CODE_ALPHABET, OPEN_LINK_CODE_LENGTH);
export const OPEN_LINK_PATTERN = /^[a-hjkmnp-z2-9]{10}$/;

/** The public address of an open link, as printed on its poster. */
export function openLinkUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/k/${code}`;
}

export type OpenLink = {
  id: number;
  campaignId: number;
  campaignName: string;
  /** Null for the campaign-wide link, where the respondent picks the unit. */
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  formType: string;
  formTypeName: string;
  formTypeDescription: string | null;
  code: string;
  createdAt: number;
  revokedAt: number | null;
};

/** What a respondent answering by an open link sees of the unit (the person's header of the form). */
export type OpenTarget = {
  link: OpenLink;
  unitId: number;
  unitName: string;
  deadlineAt: number | null;
  form: VersionedDefinition;
};

/** A unit the campaign-wide link offers, with when it stops taking answers. */
export type PickableUnit = { id: number; code: string; name: string; deadlineAt: number | null };

export type OpenLinkState =
  | { state: 'unknown' }
  | { state: 'revoked' }
  | { state: 'draft'; opensAt: number | null }
  | { state: 'not_yet_open'; opensAt: number }
  | { state: 'past_deadline'; deadlineAt: number }
  | { state: 'closed'; closedAt: number | null }
  /** The campaign-wide link with no unit chosen yet (or one it does not offer). */
  | { state: 'pick_unit'; link: OpenLink; units: PickableUnit[] }
  | { state: 'open'; target: OpenTarget };

type CampaignRow = {
  status: CampaignStatus;
  opensAt: number | null;
  closedAt: number | null;
  minSeconds: number;
};

const LINK_COLUMNS = `l.id, l.campaign_id AS campaignId, c.name AS campaignName, l.unit_id AS unitId,
  u.code AS unitCode, u.name AS unitName, l.form_type AS formType, ft.name AS formTypeName,
  ft.description AS formTypeDescription, l.code, l.created_at AS createdAt, l.revoked_at AS revokedAt`;
const LINK_JOINS = `FROM open_links l JOIN campaigns c ON c.id = l.campaign_id
  JOIN form_types ft ON ft.code = l.form_type LEFT JOIN units u ON u.id = l.unit_id`;

const statements = perConnection((c) => ({
  byCode: c.prepare<[string], OpenLink>(`SELECT ${LINK_COLUMNS} ${LINK_JOINS} WHERE l.code = ?`),
  campaign: c.prepare<[number], CampaignRow>(
    `SELECT status, opens_at AS opensAt, closed_at AS closedAt, open_min_seconds AS minSeconds
     FROM campaigns WHERE id = ?`,
  ),
  units: c.prepare<[number], PickableUnit>(
    `SELECT u.id, u.code, u.name, ${ANSWER_DEADLINE_SQL} AS deadlineAt
     FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id JOIN units u ON u.id = cu.unit_id
     WHERE cu.campaign_id = ? ORDER BY u.name`,
  ),
  list: c.prepare<[number], OpenLink>(
    `SELECT ${LINK_COLUMNS} ${LINK_JOINS} WHERE l.campaign_id = ?
     ORDER BY l.unit_id IS NOT NULL, u.code, ft.sort_order, l.revoked_at IS NOT NULL, l.id`,
  ),
  latestVersion: c
    .prepare<[number, string], number | null>(
      'SELECT max(version) FROM form_definitions WHERE campaign_id = ? AND form_type = ?',
    )
    .pluck(),
}));

/** An open link by its code, revoked ones included; undefined for a code that names none. */
export function findOpenLink(db: Db, code: string): OpenLink | undefined {
  return OPEN_LINK_PATTERN.test(code) ? statements(db).byCode.get(code) : undefined;
}

/** Every open link of a campaign (of some units only, for an officer), the campaign-wide ones first. */
export function listOpenLinks(db: Db, campaignId: number, unitIds?: number[]): OpenLink[] {
  const rows = statements(db).list.all(campaignId);
  if (!unitIds) return rows;
  const allowed = new Set(unitIds);
  return rows.filter((l) => l.unitId !== null && allowed.has(l.unitId));
}

/** The campaign's minimum plausible filling time, in seconds (docs/DOMAIN.md § Open links). */
export function openMinSeconds(db: Db, campaignId: number): number {
  return statements(db).campaign.get(campaignId)?.minSeconds ?? 0;
}

/**
 * What an open link means at `now`, for the unit `unitId` names when it is the campaign-wide link: the same
 * states as a personal link's (docs/DOMAIN.md § Deadlines), the unit picker, or open with the questionnaire.
 * A malformed code costs no database query.
 */
export function resolveOpenLink(db: Db, code: string, now: number, unitId?: number): OpenLinkState {
  const link = findOpenLink(db, code);
  if (!link) return { state: 'unknown' };
  if (link.revokedAt !== null) return { state: 'revoked' };
  const s = statements(db);
  const campaign = s.campaign.get(link.campaignId)!;
  if (campaign.status === 'closed') return { state: 'closed', closedAt: campaign.closedAt };
  if (campaign.status === 'draft') return { state: 'draft', opensAt: campaign.opensAt };
  if (campaign.opensAt !== null && now < campaign.opensAt)
    return { state: 'not_yet_open', opensAt: campaign.opensAt };
  const units = s.units.all(link.campaignId);
  const chosen = units.find((u) => u.id === (link.unitId ?? unitId));
  if (!chosen) {
    if (link.unitId !== null) return { state: 'unknown' };
    return {
      state: 'pick_unit',
      link,
      units: units.filter((u) => u.deadlineAt === null || now <= u.deadlineAt),
    };
  }
  if (chosen.deadlineAt !== null && now > chosen.deadlineAt)
    return { state: 'past_deadline', deadlineAt: chosen.deadlineAt };
  const version = s.latestVersion.get(link.campaignId, link.formType);
  const form = version == null ? null : getCachedFormDefinition(db, link.campaignId, link.formType, version);
  if (!form) return { state: 'draft', opensAt: campaign.opensAt };
  return {
    state: 'open',
    target: { link, unitId: chosen.id, unitName: chosen.name, deadlineAt: chosen.deadlineAt, form },
  };
}
