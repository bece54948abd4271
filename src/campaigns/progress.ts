import { perConnection, type Db } from '../db/client';
import type { UnitGroup } from '../db/schema';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';

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
 * Every unit of the campaign appears for every form type that has a quota, an invitation or an answer (open
 * form types have no invitations: their answers come by open links).
 */
export function getCampaignProgress(db: Db, campaignId: number, unitIds?: number[]): UnitFormProgress[] {
  const rows = progressStatement(db).all({ campaignId }) as UnitFormProgress[];
  if (!unitIds) return rows;
  const allowed = new Set(unitIds);
  return rows.filter((r) => allowed.has(r.unitId));
}

const progressStatement = perConnection((c) => c.prepare(PROGRESS_SQL));

// One pass over the covering index invitations_counts (campaign_id, unit_id, form_type, delivery_status):
// grouping in index order needs no temp B-tree; the few hundred group rows are folded per unit and form type.
// Answers come from answered_counts, a count the triggers of migration 0002 keep (and open links' answers add to,
// held ones once accepted: responses/held-answers.ts): the answered day is in no index.
const PROGRESS_SQL = `
  with by_status as (
    select unit_id, form_type, delivery_status, count(*) as n
    from invitations where campaign_id = :campaignId
    group by unit_id, form_type, delivery_status
  ),
  counts as (
    select s.unit_id, s.form_type, sum(n) as invited,
      sum(case delivery_status when 'sent' then n else 0 end) as sent,
      sum(case delivery_status when 'bounced' then n else 0 end) as bounced,
      sum(case delivery_status when 'failed' then n else 0 end) as failed
    from by_status s
    group by s.unit_id, s.form_type
  ),
  pairs as (
    select unit_id, form_type from unit_quotas where campaign_id = :campaignId
    union
    select unit_id, form_type from counts
    union
    select unit_id, form_type from answered_counts where campaign_id = :campaignId and answered > 0
  )
  select u.id as unitId, u.code as unitCode, u.name as unitName, u."group" as unitGroup,
    ${ANSWER_DEADLINE_SQL} as deadlineAt, cu.send_on as sendOn, p.form_type as formType,
    coalesce(q.quota, 0) as quota, coalesce(k.invited, 0) as invited, coalesce(k.sent, 0) as sent,
    coalesce(k.bounced, 0) as bounced, coalesce(k.failed, 0) as failed, coalesce(a.answered, 0) as answered
  from pairs p
  join units u on u.id = p.unit_id
  join campaigns c on c.id = :campaignId
  left join campaign_units cu on cu.campaign_id = :campaignId and cu.unit_id = p.unit_id
  left join unit_quotas q on q.campaign_id = :campaignId and q.unit_id = p.unit_id and q.form_type = p.form_type
  left join counts k on k.unit_id = p.unit_id and k.form_type = p.form_type
  left join answered_counts a
    on a.campaign_id = :campaignId and a.unit_id = p.unit_id and a.form_type = p.form_type
  join form_types ft on ft.code = p.form_type
  order by u."group", u.code, ft.sort_order
`;
