import type { Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';

/** What a focal officer may see of an invitation: who, which form, delivery state, whether used. Never answers. */
export type UnitInvitationRow = {
  id: number;
  fullName: string;
  email: string;
  formType: string;
  formName: string;
  deliveryStatus: DeliveryStatus;
  deliveryDetail: string | null;
  sentAt: number | null;
  answeredOn: string | null;
  /** How many form types this person is invited to in the campaign (2 = linked invitations, docs/DOMAIN.md § Invitations). */
  formsOfPerson: number;
};

export const INVITATION_FILTERS = ['all', 'unanswered', 'bounced'] as const;
export type InvitationFilter = (typeof INVITATION_FILTERS)[number];
export const INVITATION_SORTS = ['name', 'email', 'form', 'status', 'sent'] as const;
export type InvitationSort = (typeof INVITATION_SORTS)[number];

export type InvitationQuery = {
  filter?: InvitationFilter;
  search?: string;
  sort?: InvitationSort;
  desc?: boolean;
  page?: number;
  pageSize?: number;
};

const ORDER: Record<InvitationSort, string[]> = {
  name: ['r.full_name collate nocase'],
  email: ['r.email'],
  form: ['ft.sort_order'],
  // Problems first: bounced and failed, then not yet sent, queued, sent; answered last.
  status: [
    '(i.answered_on is not null)',
    "case i.delivery_status when 'bounced' then 0 when 'failed' then 1 when 'not_sent' then 2 when 'queued' then 3 else 4 end",
  ],
  sent: ['i.sent_at'],
};

const WHERE: Record<InvitationFilter, string> = {
  all: '',
  unanswered: 'and i.answered_on is null',
  bounced: "and i.answered_on is null and i.delivery_status in ('bounced', 'failed')",
};

/** One page of a unit's invitations in a campaign, filtered, searched (name or email) and sorted. */
export function listUnitInvitations(
  db: Db,
  campaignId: number,
  unitId: number,
  query: InvitationQuery = {},
): { rows: UnitInvitationRow[]; total: number; page: number; pageCount: number } {
  const filter = query.filter ?? 'all';
  const pageSize = query.pageSize ?? 50;
  const search = query.search?.trim() ?? '';
  const params = { campaignId, unitId, search: `%${search.replace(/[\\%_]/g, '\\$&')}%` };
  const where = `where i.campaign_id = :campaignId and i.unit_id = :unitId ${WHERE[filter]}
    ${search ? "and (r.full_name like :search escape '\\' or r.email like :search escape '\\')" : ''}`;
  const from = `from invitations i join respondents r on r.id = i.respondent_id
    join form_types ft on ft.code = i.form_type`;
  const total = (db.$client.prepare(`select count(*) as n ${from} ${where}`).get(params) as { n: number }).n;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const direction = query.desc ? 'desc' : 'asc';
  const order = ORDER[query.sort ?? 'name'].map((part) => `${part} ${direction}`).join(', ');
  const rows = db.$client
    .prepare(
      `select i.id, r.full_name as fullName, r.email, i.form_type as formType, ft.name as formName,
        i.delivery_status as deliveryStatus, i.delivery_detail as deliveryDetail, i.sent_at as sentAt,
        i.answered_on as answeredOn,
        (select count(*) from invitations o where o.respondent_id = i.respondent_id) as formsOfPerson
      ${from} ${where} order by ${order}, r.email, ft.sort_order limit :limit offset :offset`,
    )
    .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as UnitInvitationRow[];
  return { rows, total, page, pageCount };
}

/** Every invitation of the unit in the campaign, for the officer's spreadsheet. */
export function allUnitInvitations(db: Db, campaignId: number, unitId: number): UnitInvitationRow[] {
  return listUnitInvitations(db, campaignId, unitId, { pageSize: 1_000_000 }).rows;
}

/** The one state shown for an invitation: answered wins over any delivery state. */
export function invitationState(row: Pick<UnitInvitationRow, 'deliveryStatus' | 'answeredOn'>) {
  return row.answeredOn !== null ? ('answered' as const) : row.deliveryStatus;
}

/**
 * The campaign of an invitation, only if it belongs to this unit: an officer's form naming another unit's
 * invitation id gets undefined (a 404), never that invitation.
 */
export function findUnitInvitation(db: Db, unitId: number, invitationId: number): UnitInvitation | undefined {
  return db.$client
    .prepare(
      `select i.id, i.campaign_id as campaignId, r.email, i.delivery_status as deliveryStatus,
        i.answered_on as answeredOn
      from invitations i join respondents r on r.id = i.respondent_id where i.id = ? and i.unit_id = ?`,
    )
    .get(invitationId, unitId) as UnitInvitation | undefined;
}

type UnitInvitation = Pick<UnitInvitationRow, 'id' | 'email' | 'deliveryStatus' | 'answeredOn'> & {
  campaignId: number;
};

/** The unit's unanswered invitations whose mail bounced or failed, counted per reason (most frequent first). */
export function unitMailProblems(
  db: Db,
  campaignId: number,
  unitId: number,
): { reason: string | null; count: number }[] {
  return db.$client
    .prepare(
      `select delivery_detail as reason, count(*) as count from invitations
       where campaign_id = ? and unit_id = ? and answered_on is null and delivery_status in ('bounced', 'failed')
       group by delivery_detail order by count desc, reason`,
    )
    .all(campaignId, unitId) as { reason: string | null; count: number }[];
}
