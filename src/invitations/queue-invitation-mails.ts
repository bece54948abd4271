import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { reason } from '../command';
import { perConnection, type Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { AppError } from '../errors';
import { t, type Message } from '../i18n/messages';
import { WHOLE_CAMPAIGN, type AuditDetail } from '../audit/audit-detail';
import { enqueueMail } from '../mail/outbox';
import { parseTemplateOverrides } from '../mail/campaign-templates';
import { renderMail, type MailVars } from '../mail/templates';
import { ANSWER_DEADLINE_SQL, unitCodeOf } from '../units/campaign-units';
import { newRandomId } from '../tokens';

/** What every sending function needs besides the db: the base of the links and the time. */
export type MailContext = { publicUrl: string; now: number };

/** An id as commands take it (a form field, a route parameter or a CLI argument). */
export const idField = z.coerce.number().int().positive();
/** Base of the links in the mails (config PUBLIC_URL): set by the caller, never typed by a person. */
export const publicUrlField = z.string().min(1);
/** A unit picked on a form ('' = the whole campaign) or on the command line; absent = the whole campaign. */
export const optionalUnitIdField = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce
    .number(reason('admin.sending.badUnit'))
    .int(reason('admin.sending.badUnit'))
    .positive(reason('admin.sending.badUnit'))
    .optional(),
);
/** One send action: its batch (for the progress bar), how many messages it queued and to which units. */
export type SendResult = { batchId: string; queued: number; unitIds: number[] };

/** Which invitations a send touches; every condition is ANDed. Answered invitations are never mailed. */
export type InvitationFilter = {
  campaignId: number;
  statuses: DeliveryStatus[];
  unitId?: number;
  formType?: string;
  respondentId?: number;
  invitationIds?: number[];
  /** An extra condition over the aliases i (invitations), cu (campaign_units), c (campaigns). */
  extra?: SQL;
};

type CampaignRow = {
  id: number;
  name: string;
  mailSubject: string;
  status: string;
  mailTemplates: string | null;
};

/** The campaign as its mail needs it, or AppError('not_found'). */
export function loadCampaign(db: Db, campaignId: number): CampaignRow {
  const campaign = db.$client
    .prepare(
      `SELECT id, name, mail_subject AS mailSubject, status, mail_templates AS mailTemplates
       FROM campaigns WHERE id = ?`,
    )
    .get(campaignId) as CampaignRow | undefined;
  if (!campaign) throw new AppError('not_found', 'mail.campaignNotFound');
  return campaign;
}

/** The campaign, if mail may be sent for it now; a draft or closed campaign is refused with a clear reason. */
export function loadSendableCampaign(db: Db, campaignId: number): CampaignRow {
  const campaign = loadCampaign(db, campaignId);
  if (campaign.status === 'draft') throw new AppError('conflict', 'mail.campaignDraft');
  if (campaign.status === 'closed') throw new AppError('campaign_closed', 'mail.campaignClosed');
  return campaign;
}

type Target = {
  id: number;
  unitId: number;
  respondentId: number;
  token: string;
  email: string;
  fullName: string;
  unitName: string;
  formTypeName: string;
  deadlineAt: number | null;
};
type Sibling = { id: number; respondentId: number; token: string; formTypeName: string; answered: number };

const statements = perConnection((c) => ({
  queued: c.prepare(`UPDATE invitations SET delivery_status = 'queued', delivery_detail = NULL WHERE id = ?`),
  reminded: c.prepare(
    `UPDATE invitations SET reminded_at = ?, reminder_count = reminder_count + 1 WHERE id = ?`,
  ),
}));

function whereOf(f: InvitationFilter): SQL {
  const parts: SQL[] = [
    sql`i.campaign_id = ${f.campaignId}`,
    sql`i.answered_on IS NULL`,
    sql`i.delivery_status IN (SELECT value FROM json_each(${JSON.stringify(f.statuses)}))`,
  ];
  if (f.unitId !== undefined) parts.push(sql`i.unit_id = ${f.unitId}`);
  if (f.formType !== undefined) parts.push(sql`i.form_type = ${f.formType}`);
  if (f.respondentId !== undefined) parts.push(sql`i.respondent_id = ${f.respondentId}`);
  // json_each instead of IN (?, ?, …): a list of 10,000 ids would exceed SQLite's variable limit.
  if (f.invitationIds)
    parts.push(sql`i.id IN (SELECT value FROM json_each(${JSON.stringify(f.invitationIds)}))`);
  if (f.extra) parts.push(f.extra);
  return sql.join(parts, sql` AND `);
}

const DEADLINE = sql.raw(ANSWER_DEADLINE_SQL);

/** The invitation's unit still accepts answers at `now` (ANSWER_DEADLINE_SQL). */
export function notPastDeadline(now: number): SQL {
  return sql`(${DEADLINE} IS NULL OR ${DEADLINE} >= ${now})`;
}

const FROM_TARGETS = sql`FROM invitations i
  JOIN campaigns c ON c.id = i.campaign_id
  LEFT JOIN campaign_units cu ON cu.campaign_id = i.campaign_id AND cu.unit_id = i.unit_id`;

/** How many mails queueInvitationMails would queue for this filter now, and to how many people. */
export function countInvitationTargets(db: Db, filter: InvitationFilter): { mails: number; people: number } {
  return db.get<{ mails: number; people: number }>(
    sql`SELECT count(*) AS mails, count(DISTINCT i.respondent_id) AS people ${FROM_TARGETS} WHERE ${whereOf(filter)}`,
  );
}

/**
 * Among the invitations this filter matches, how many were reminded at or after `since`, and the latest reminder:
 * the confirmation before a reminder says so, so a second click does not mail the same people again unawares.
 */
export function recentReminders(
  db: Db,
  filter: InvitationFilter,
  since: number,
): { recent: number; lastAt: number | null } {
  return db.get<{ recent: number; lastAt: number | null }>(
    sql`SELECT count(*) FILTER (WHERE i.reminded_at >= ${since}) AS recent, max(i.reminded_at) AS lastAt
      ${FROM_TARGETS} WHERE ${whereOf(filter)}`,
  );
}

/**
 * Renders and queues one invitation or reminder per matching invitation, in the caller's transaction: three
 * queries whatever the number of invitations, then one insert and one update per message.
 */
export function queueInvitationMails(
  db: Db,
  campaign: CampaignRow,
  filter: InvitationFilter,
  kind: 'invitation' | 'reminder',
  ctx: MailContext,
): SendResult {
  const where = whereOf(filter);
  const targets =
    db.all<Target>(sql`SELECT i.id, i.unit_id AS unitId, i.respondent_id AS respondentId, i.token, r.email,
      r.full_name AS fullName, u.name AS unitName, ft.name AS formTypeName,
      ${DEADLINE} AS deadlineAt
    ${FROM_TARGETS}
    JOIN respondents r ON r.id = i.respondent_id
    JOIN units u ON u.id = i.unit_id
    JOIN form_types ft ON ft.code = i.form_type
    WHERE ${where}
    ORDER BY i.unit_id, i.id`);
  const batchId = newRandomId();
  if (targets.length === 0) return { batchId, queued: 0, unitIds: [] };

  // A person in two groups sees the links of their other forms in each mail.
  const siblings = db.all<Sibling>(sql`SELECT s.id, s.respondent_id AS respondentId, s.token,
      ft.name AS formTypeName, s.answered_on IS NOT NULL AS answered
    FROM invitations s JOIN form_types ft ON ft.code = s.form_type
    WHERE s.respondent_id IN (SELECT i.respondent_id ${FROM_TARGETS} WHERE ${where})
    ORDER BY ft.sort_order, s.id`);
  const byPerson = new Map<number, Sibling[]>();
  for (const s of siblings) {
    const list = byPerson.get(s.respondentId);
    if (list) list.push(s);
    else byPerson.set(s.respondentId, [s]);
  }

  const overrides = parseTemplateOverrides(campaign.mailTemplates);
  const link = (token: string) => `${ctx.publicUrl}/s/${token}`;
  const sender = t('mail.defaultSender');
  const s = statements(db);
  for (const target of targets) {
    const vars: MailVars = {
      campaignName: campaign.name,
      subject: campaign.mailSubject,
      fullName: target.fullName,
      unitName: target.unitName,
      formTypeName: target.formTypeName,
      deadlineAt: target.deadlineAt,
      link: link(target.token),
      otherForms: (byPerson.get(target.respondentId) ?? [])
        .filter((o) => o.id !== target.id)
        .map((o) => ({ formTypeName: o.formTypeName, link: link(o.token), answered: o.answered === 1 })),
      sender,
    };
    const mail = renderMail(kind, vars, overrides);
    enqueueMail(
      db,
      { kind, to: target.email, ...mail, campaignId: campaign.id, invitationId: target.id, batchId },
      ctx.now,
    );
    if (kind === 'invitation') s.queued.run(target.id);
    else s.reminded.run(ctx.now, target.id);
  }
  return { batchId, queued: targets.length, unitIds: [...new Set(targets.map((t) => t.unitId))] };
}

/** The units of a send for the audit log: "SNV", or the whole campaign when none was picked. */
export function sendScope(db: Db, unitId: number | undefined): string | Message {
  return unitId === undefined ? WHOLE_CAMPAIGN : unitCodeOf(db, unitId);
}

/** The audit detail of a send: how many mails were queued, for which units. */
export function sendDetail(count: number, scope: string | Message): AuditDetail {
  return { key: 'admin.audit.sendText', params: { count, scope } };
}

/** The codes of these units for the audit log ("DV1, DV2"). */
export function unitCodesOf(db: Db, unitIds: number[]): string {
  return [...new Set(unitIds)]
    .map((unitId) => unitCodeOf(db, unitId))
    .sort()
    .join(', ');
}
