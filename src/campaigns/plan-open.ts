import type { Db } from '../db/client';
import { vnDay } from '../time';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';

type Bucket = { mails: number; people: number; units: number };

/**
 * What opening a draft campaign sets off, for the confirmation before it: the outbox worker mails at once every
 * not-yet-sent invitation of a unit whose sending day has come (the same rule as sendDueInvitations), later the
 * units whose day is still ahead; units without a sending day wait for the admin's "Gửi thư mời", and units past
 * their deadline are never mailed.
 */
export type OpenPlan = {
  /** The campaign's start time when it is still ahead: links refuse answers and nothing is mailed until then. */
  startsAt: number | null;
  sendNow: Bucket;
  later: Bucket & { firstDay: string | null };
  manual: Bucket;
  pastDeadline: Bucket;
};

export function planOpen(db: Db, campaignId: number, now: number): OpenPlan {
  const opensAt = db.$client
    .prepare('SELECT opens_at FROM campaigns WHERE id = ?')
    .pluck()
    .get(campaignId) as number | null | undefined;
  const startsAt = opensAt != null && opensAt > now ? opensAt : null;
  const rows = db.$client
    .prepare(
      `SELECT CASE
           WHEN ${ANSWER_DEADLINE_SQL} < @now
             THEN 'pastDeadline'
           WHEN cu.send_on IS NULL THEN 'manual'
           WHEN @startDay IS NULL AND cu.send_on <= @today THEN 'sendNow'
           ELSE 'later' END AS bucket,
         count(*) AS mails, count(DISTINCT i.respondent_id) AS people, count(DISTINCT i.unit_id) AS units,
         min(max(cu.send_on, coalesce(@startDay, ''))) AS firstDay
       FROM invitations i
       JOIN campaigns c ON c.id = i.campaign_id
       LEFT JOIN campaign_units cu ON cu.campaign_id = i.campaign_id AND cu.unit_id = i.unit_id
       WHERE i.campaign_id = @campaignId AND i.delivery_status = 'not_sent' AND i.answered_on IS NULL
       GROUP BY bucket`,
    )
    .all({
      campaignId,
      now,
      today: vnDay(now),
      startDay: startsAt === null ? null : vnDay(startsAt),
    }) as Array<Bucket & { bucket: keyof OpenPlan; firstDay: string }>;
  const empty = { mails: 0, people: 0, units: 0 };
  const plan: OpenPlan = {
    startsAt,
    sendNow: empty,
    later: { ...empty, firstDay: null },
    manual: empty,
    pastDeadline: empty,
  };
  for (const { bucket, mails, people, units, firstDay } of rows) {
    if (bucket === 'later') plan.later = { mails, people, units, firstDay };
    else plan[bucket as Exclude<keyof OpenPlan, 'startsAt' | 'later'>] = { mails, people, units };
  }
  return plan;
}
