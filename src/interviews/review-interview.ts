import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { campaignIdField } from '../campaigns/campaigns';
import { command, reason } from '../command';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { withInterviewMark } from '../responses/answer-encoding';
import { refuseIfClosed, unitCodeOf } from '../units/campaign-units';
import { interviewByUuid, rewriteInterview } from './slots';

/** Why a supervisor sends an interview back (stored as its index + 1 in the slot; a note goes to the audit log). */
export const REJECT_REASONS = ['incomplete', 'fabricated', 'wrongRespondent', 'duplicate', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const reviewSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    campaignId: campaignIdField,
    uuid: z.string().trim().toLowerCase().min(1),
    note: z.string().trim().max(500, reason('interviews.noteTooLong')).default(''),
  }),
  z.object({
    decision: z.literal('reject'),
    campaignId: campaignIdField,
    uuid: z.string().trim().toLowerCase().min(1),
    reason: z.enum(REJECT_REASONS, reason('interviews.rejectReasonRequired')),
    note: z.string().trim().max(500, reason('interviews.noteTooLong')).default(''),
  }),
]);
export type ReviewInput = z.input<typeof reviewSchema>;

/**
 * A supervisor's decision on a held interview (docs/DOMAIN.md § Interviews): accepted, it counts like any answer;
 * rejected, it never counts and its enumerator sees it with the reason. Written over the slot in place; audited
 * with the device id, the unit and the reason.
 */
export const reviewInterview = command(reviewSchema, ({ db, actor, now }, input) => {
  refuseIfClosed(db, input.campaignId);
  const slot = interviewByUuid(db, input.campaignId, input.uuid);
  if (!slot) throw new AppError('not_found', 'interviews.unknownInterview');
  if (slot.mark.review !== 'held') throw new AppError('conflict', 'interviews.notHeld');
  const rejected = input.decision === 'reject';
  const mark = {
    ...slot.mark,
    review: rejected ? ('rejected' as const) : ('accepted' as const),
    rejectReason: rejected ? REJECT_REASONS.indexOf(input.reason) + 1 : 0,
  };
  rewriteInterview(db, slot.id, withInterviewMark(slot.content, mark));
  const text = t(rejected ? 'interviews.audit.rejected' : 'interviews.audit.accepted', {
    uuid: input.uuid,
    unit: unitCodeOf(db, slot.unitId),
    formType: slot.formType,
    reason: rejected ? t(`interviews.rejectReasons.${input.reason}`) : '',
    note: input.note || '—',
  });
  recordAudit(
    db,
    actor,
    rejected ? 'interview.reject' : 'interview.accept',
    { campaignId: input.campaignId, text },
    now,
  );
  return { uuid: input.uuid, review: mark.review };
});
