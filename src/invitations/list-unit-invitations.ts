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
  /** The person's invitations in other units: an officer's correction leaves those outside their scope alone. */
  elsewhere: ElsewhereInvitation[];
};

/** One invitation of the same person in another unit: where it is and for which form. */
export type ElsewhereInvitation = { unitId: number; unitName: string; formName: string };

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

const vietnameseOrder = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

const ORDER: Record<Exclude<InvitationSort, 'name'>, string[]> = {
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
  // Names sort in Vietnamese order ("Đặng" before "Võ"), which SQLite's collations do not know: the unit's
  // matching rows are read in email order and sorted here, then paged.
  const sort = query.sort ?? 'name';
  const byName = sort === 'name';
  const order = sort === 'name' ? 'r.email' : ORDER[sort].map((part) => `${part} ${direction}`).join(', ');
  // The person's other invitations by (campaign, respondent): the invitations_person_form index.
  const rows = db.$client
    .prepare(
      `select i.id, r.full_name as fullName, r.email, i.form_type as formType, ft.name as formName,
        i.delivery_status as deliveryStatus, i.delivery_detail as deliveryDetail, i.sent_at as sentAt,
        i.answered_on as answeredOn,
        (select count(*) from invitations o
          where o.campaign_id = i.campaign_id and o.respondent_id = i.respondent_id) as formsOfPerson,
        (select json_group_array(json_object('unitId', o.unit_id, 'unitName', ou.name, 'formName', oft.name))
          from invitations o join units ou on ou.id = o.unit_id join form_types oft on oft.code = o.form_type
          where o.campaign_id = i.campaign_id and o.respondent_id = i.respondent_id and o.unit_id <> i.unit_id
        ) as elsewhere
      ${from} ${where} order by ${order}, r.email, ft.sort_order limit :limit offset :offset`,
    )
    .all({
      ...params,
      limit: byName ? -1 : pageSize,
      offset: byName ? 0 : (page - 1) * pageSize,
    }) as Array<Omit<UnitInvitationRow, 'elsewhere'> & { elsewhere: string }>;
  const paged = byName
    ? rows
        .sort((a, b) => (query.desc ? -1 : 1) * vietnameseOrder.compare(a.fullName, b.fullName))
        .slice((page - 1) * pageSize, page * pageSize)
    : rows;
  return {
    rows: paged.map((r) => ({ ...r, elsewhere: JSON.parse(r.elsewhere) as ElsewhereInvitation[] })),
    total,
    page,
    pageCount,
  };
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

/** The ids of a person's invitations in a campaign, found by address (any case), of one form type if named. */
export function invitationsOfAddress(db: Db, campaignId: number, email: string, formType?: string): number[] {
  return db.$client
    .prepare(
      `select i.id from invitations i join respondents r on r.id = i.respondent_id
      where i.campaign_id = ? and r.email = ? and (? is null or i.form_type = ?) order by i.id`,
    )
    .pluck()
    .all(campaignId, email.trim().toLowerCase(), formType ?? null, formType ?? null) as number[];
}

/** The unit of an invitation (the outbox links a message to its row in that unit's list), if it still exists. */
export function unitOfInvitation(db: Db, invitationId: number): number | undefined {
  return db.$client.prepare('SELECT unit_id FROM invitations WHERE id = ?').pluck().get(invitationId) as
    number | undefined;
}

/** Every invitation of the person an invitation is for, in any unit, in form order. */
export function invitationsOfSamePerson(db: Db, invitationId: number): ElsewhereInvitation[] {
  return db.$client
    .prepare(
      `select o.unit_id as unitId, u.name as unitName, ft.name as formName
      from invitations i join invitations o on o.campaign_id = i.campaign_id and o.respondent_id = i.respondent_id
        join units u on u.id = o.unit_id join form_types ft on ft.code = o.form_type
      where i.id = ? order by ft.sort_order, u.name`,
    )
    .all(invitationId) as ElsewhereInvitation[];
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
