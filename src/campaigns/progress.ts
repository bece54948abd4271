import type { Db } from '../db/client';
import type { UnitGroup } from '../db/schema';

export type UnitFormProgress = {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: UnitGroup;
  deadlineAt: number | null;
  sendOn: string | null;
  formType: string;
  quota: number;
  invited: number;
  sent: number;
  bounced: number;
  failed: number;
  answered: number;
};

/**
 * Counts per unit and form type for one campaign: quota, invitations, delivery states and answers.
 * Every unit of the campaign appears for every form type that has a quota or an invitation.
 */
export function getCampaignProgress(db: Db, campaignId: number, unitIds?: number[]): UnitFormProgress[] {
  const rows = progressStatement(db).all({ campaignId }) as UnitFormProgress[];
  if (!unitIds) return rows;
  const allowed = new Set(unitIds);
  return rows.filter((r) => allowed.has(r.unitId));
}

const statements = new WeakMap<Db, ReturnType<Db['$client']['prepare']>>();
function progressStatement(db: Db) {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.$client.prepare(PROGRESS_SQL);
    statements.set(db, stmt);
  }
  return stmt;
}

// Counting reads only the covering index invitations_counts; quotas and schedule come from small tables.
const PROGRESS_SQL = `
  with pairs as (
    select unit_id, form_type from unit_quotas where campaign_id = :campaignId
    union
    select distinct unit_id, form_type from invitations where campaign_id = :campaignId
  ),
  counts as (
    select unit_id, form_type,
      count(*) as invited,
      sum(delivery_status = 'sent') as sent,
      sum(delivery_status = 'bounced') as bounced,
      sum(delivery_status = 'failed') as failed,
      sum(answered_at is not null) as answered
    from invitations where campaign_id = :campaignId
    group by unit_id, form_type
  )
  select u.id as unitId, u.code as unitCode, u.name as unitName, u."group" as unitGroup,
    cu.deadline_at as deadlineAt, cu.send_on as sendOn, p.form_type as formType,
    coalesce(q.quota, 0) as quota, coalesce(c.invited, 0) as invited, coalesce(c.sent, 0) as sent,
    coalesce(c.bounced, 0) as bounced, coalesce(c.failed, 0) as failed, coalesce(c.answered, 0) as answered
  from pairs p
  join units u on u.id = p.unit_id
  left join campaign_units cu on cu.campaign_id = :campaignId and cu.unit_id = p.unit_id
  left join unit_quotas q on q.campaign_id = :campaignId and q.unit_id = p.unit_id and q.form_type = p.form_type
  left join counts c on c.unit_id = p.unit_id and c.form_type = p.form_type
  join form_types ft on ft.code = p.form_type
  order by u."group", u.code, ft.sort_order
`;
