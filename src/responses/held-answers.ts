import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type AuditDetail } from '../audit/audit-detail';
import { command, reason } from '../command';
import { perConnection, type Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { AppError } from '../errors';
import { refuseIfClosed, unitCodeOf } from '../units/campaign-units';
import {
  decodeAnswerSheet,
  HELD_SQL,
  interviewMarkOf,
  rejectedInterviewSheet,
  releasedSheet,
  sheetHeldReasons,
  sheetVersion,
  type AnswerRow,
  type InterviewMark,
} from './answer-encoding';

/**
 * Why an answer is held for review instead of counted, whichever way it came (docs/DOMAIN.md § Open links,
 * § Interviews): sent too fast after the form was opened, or an interview too short; identical to others from one
 * address, or to another interview by the same enumerator; too many from one address; the hidden field filled; many
 * interviews by one enumerator within minutes; a device clock in the future or far back. Each is one bit of the
 * sheet's first byte, so holding and releasing rewrite the slot in place.
 */
export const HOLD_REASONS = [
  'too_fast',
  'same_answers',
  'address_limit',
  'honeypot',
  'many_in_minutes',
  'clock',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Why a supervisor sends an interview back (kept in its slot as index + 1; a note goes to the audit log). */
export const REJECT_REASONS = ['incomplete', 'fabricated', 'wrong_respondent', 'duplicate', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export function holdMask(reasons: readonly HoldReason[]): number {
  return reasons.reduce((mask, r) => mask | (1 << HOLD_REASONS.indexOf(r)), 0);
}

export function reasonsOf(mask: number): HoldReason[] {
  return HOLD_REASONS.filter((_, i) => mask & (1 << i));
}

/** A held answer as the review page shows it; `id` names its content (identical held sheets share one). */
export type HeldAnswer = {
  id: string;
  unitId: number;
  formType: string;
  version: number;
  day: string;
  reasons: HoldReason[];
  answers: AnswerRow[];
  /** An interview's enumerator and device id; absent for a link's answer. */
  interview?: InterviewMark;
};

type HeldRow = { id: number; unitId: number; formType: string; content: Buffer };

const statements = perConnection((c) => ({
  held: c.prepare<[number], HeldRow>(
    `SELECT id, unit_id AS unitId, form_type AS formType, content FROM response_slots NOT INDEXED
     WHERE campaign_id = ? AND filled = 1 AND ${HELD_SQL}`,
  ),
  // Same size either way: releasing rewrites one byte, rejecting blanks the slot; both in place.
  write: c.prepare<[number, Buffer, number]>(
    'UPDATE response_slots SET filled = ?, content = ? WHERE id = ?',
  ),
  count: c.prepare<[number, number, string]>(
    `INSERT INTO answered_counts (campaign_id, unit_id, form_type, answered) VALUES (?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET answered = answered + 1`,
  ),
}));

/**
 * Counts one more answer of a unit and form type that has no invitation to mark (an open link's): the counter
 * progress reads, as the invitations' triggers keep it for the others.
 */
export function countAnswer(db: Db, campaignId: number, unitId: number, formType: string): void {
  statements(db).count.run(campaignId, unitId, formType);
}

function idOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** The held answers of a campaign (of some units only, for an officer), by unit and form type. */
export function listHeldAnswers(db: Db, campaignId: number, unitIds?: number[]): HeldAnswer[] {
  const allowed = unitIds && new Set(unitIds);
  return statements(db)
    .held.all(campaignId)
    .filter((r) => !allowed || allowed.has(r.unitId))
    .map((r) => {
      const form = getCachedFormDefinition(db, campaignId, r.formType, sheetVersion(r.content));
      if (!form) throw new Error(`no questionnaire ${r.formType} in campaign ${campaignId}`);
      const sheet = decodeAnswerSheet(form.definition, r.content);
      return {
        id: idOf(r.content),
        unitId: r.unitId,
        formType: r.formType,
        version: sheet.version,
        day: sheet.day,
        reasons: reasonsOf(sheetHeldReasons(r.content)),
        answers: sheet.answers,
        ...(sheet.interview ? { interview: sheet.interview } : {}),
      };
    })
    .sort((a, b) => a.unitId - b.unitId || a.formType.localeCompare(b.formType) || a.id.localeCompare(b.id));
}

export const REVIEW_DECISIONS = ['accept', 'reject'] as const;

/**
 * A decision on a held answer: accepted, it counts like any other from now on (results, penalty, exports);
 * rejected, a link's answer is blanked, while an interview stays, sent back with its reason (required), so its
 * device id still stores nothing twice and its enumerator sees why. Found by its content, not its place: a pool that
 * grows deals its answers out again, so a slot number read on the review page may hold another answer by the time
 * of the decision. A closed campaign's counts are frozen: reopen it first. Audited, an interview's with its note.
 */
export const reviewHeldAnswer = command(
  z.object({
    campaignId: z.coerce.number().int().positive(),
    answerId: z.string().regex(/^[0-9a-f]{16}$/, reason('open.heldNotFound')),
    decision: z.enum(REVIEW_DECISIONS, reason('open.decisionRequired')),
    reason: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(REJECT_REASONS, reason('interviews.rejectReasonRequired')).optional(),
    ),
    note: z.string().trim().max(500, reason('interviews.noteTooLong')).default(''),
  }),
  ({ db, actor, now }, input): { unitCode: string; formType: string; uuid?: string } => {
    const { campaignId, answerId, decision } = input;
    refuseIfClosed(db, campaignId, 'open.closed');
    const s = statements(db);
    const row = s.held.all(campaignId).find((r) => idOf(r.content) === answerId);
    if (!row) throw new AppError('not_found', 'open.heldNotFound');
    const interview = interviewMarkOf(row.content);
    const unitCode = unitCodeOf(db, row.unitId);
    const why = reasonsOf(sheetHeldReasons(row.content)).join(',');
    if (decision === 'accept') {
      s.write.run(1, releasedSheet(row.content), row.id);
      countAnswer(db, campaignId, row.unitId, row.formType);
    } else if (interview) {
      if (!input.reason)
        throw new AppError('invalid_input', 'interviews.rejectReasonRequired', undefined, 'reason');
      s.write.run(1, rejectedInterviewSheet(row.content, REJECT_REASONS.indexOf(input.reason) + 1), row.id);
    } else s.write.run(0, Buffer.alloc(row.content.length), row.id);
    if (interview) {
      const detail: AuditDetail = {
        key: decision === 'reject' ? 'interviews.audit.rejected' : 'interviews.audit.accepted',
        params: {
          uuid: interview.uuid,
          unit: unitCode,
          formType: row.formType,
          reason: input.reason ? { key: `interviews.rejectReasons.${input.reason}` } : '',
          holds: why,
          note: input.note || '—',
        },
      };
      recordAudit(db, actor, `interview.${decision}`, { campaignId, detail }, now);
      return { unitCode, formType: row.formType, uuid: interview.uuid };
    }
    const params = { unit: unitCode, form: row.formType, holds: why };
    const detail: AuditDetail = { key: 'admin.audit.openAnswerText', params };
    recordAudit(db, actor, `open_answer.${decision}`, { campaignId, detail }, now);
    return { unitCode, formType: row.formType };
  },
);
