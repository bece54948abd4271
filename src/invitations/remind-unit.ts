import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { ALL_FORMS, type AuditDetail } from '../audit/audit-detail';
import { command } from '../command';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { type Message } from '../i18n/messages';
import { formatVnDateTime } from '../time';
import { ANSWER_DEADLINE_SQL, formTypeNames, unitCodeOf } from '../units/campaign-units';
import {
  idField,
  countInvitationTargets,
  loadSendableCampaign,
  notPastDeadline,
  publicUrlField,
  queueInvitationMails,
  recentReminders,
  type InvitationFilter,
  type SendResult,
} from './queue-invitation-mails';

const DAY_MS = 24 * 60 * 60 * 1000;

export type UnitReminders = { campaignId: number; unitId: number; formType?: string };

export type UnitReminderPlan = {
  /** Why none may go: the campaign is not open, or the unit's deadline has passed. */
  refusal?: Message;
  mails: number;
  people: number;
  recentlyReminded: number;
  lastRemindedAt: number | null;
};

function filterOf(input: UnitReminders, now: number): InvitationFilter {
  return { ...input, statuses: ['sent'], extra: notPastDeadline(now) };
}

/**
 * The confirmation step before a unit's reminders: how many mails remindUnit would queue at `now` and to how many
 * people (and how many of them were already reminded in the last 24 hours, and when last), or why none may go.
 */
export function planUnitReminders(db: Db, input: UnitReminders, now: number): UnitReminderPlan {
  const row = db.$client
    .prepare(
      `SELECT c.status, ${ANSWER_DEADLINE_SQL} AS deadline
       FROM campaigns c JOIN campaign_units cu ON cu.campaign_id = c.id WHERE c.id = ? AND cu.unit_id = ?`,
    )
    .get(input.campaignId, input.unitId) as { status: string; deadline: number | null } | undefined;
  if (!row) throw new AppError('not_found', 'errors.notFound');
  const refusal: Message | undefined =
    row.status !== 'open'
      ? { key: row.status === 'closed' ? 'officer.remind.closed' : 'officer.remind.draft' }
      : row.deadline !== null && row.deadline < now
        ? { key: 'officer.remind.pastDeadline', params: { deadline: formatVnDateTime(row.deadline) } }
        : undefined;
  if (refusal) return { refusal, mails: 0, people: 0, recentlyReminded: 0, lastRemindedAt: null };
  const recent = recentReminders(db, filterOf(input, now), now - DAY_MS);
  return {
    ...countInvitationTargets(db, filterOf(input, now)),
    recentlyReminded: recent.recent,
    lastRemindedAt: recent.lastAt,
  };
}

/**
 * A focal officer's reminders for one unit (and form type), from the unit's page or `remind --unit --form`:
 * refused when the form type does not exist, the plan says none may go or nobody is left to remind; otherwise
 * queued like the admin's reminders and audited.
 */
export const remindUnit = command(
  z.object({
    campaignId: idField,
    unitId: idField,
    formType: z.string().max(20).optional(),
    publicUrl: publicUrlField,
  }),
  ({ db, actor, now }, input): SendResult => {
    if (input.formType !== undefined && !Object.hasOwn(formTypeNames(db), input.formType))
      throw new AppError('not_found', 'forms.unknownFormType', { formType: input.formType });
    const plan = planUnitReminders(db, input, now);
    if (plan.refusal) throw new AppError('conflict', plan.refusal.key, plan.refusal.params);
    if (plan.mails === 0) throw new AppError('conflict', 'officer.remind.none');
    const result = queueInvitationMails(
      db,
      loadSendableCampaign(db, input.campaignId),
      filterOf(input, now),
      'reminder',
      { publicUrl: input.publicUrl, now },
    );
    const params = {
      unit: unitCodeOf(db, input.unitId),
      form: input.formType ?? ALL_FORMS,
      count: result.queued,
    };
    const detail: AuditDetail = { key: 'admin.audit.remindText', params };
    recordAudit(db, actor, 'mail.remind', { campaignId: input.campaignId, detail }, now);
    return result;
  },
);
