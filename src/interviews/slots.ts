import { perConnection, type Db } from '../db/client';
import {
  ENUMERATOR_SQL,
  INTERVIEW_SQL,
  interviewMarkOf,
  withInterviewMark,
  UUID_SQL,
  type InterviewMark,
} from '../responses/answer-encoding';

/** A filled slot holding an interview, with its mark decoded. */
export type InterviewSlot = {
  id: number;
  unitId: number;
  formType: string;
  content: Buffer;
  mark: InterviewMark;
};

// The pool index (campaign, unit, form type) narrows the first; the others scan one campaign's slots.
const statements = perConnection((c) => ({
  byEnumeratorInPool: c.prepare<[number, number, string, Buffer], Omit<InterviewSlot, 'mark'>>(
    `SELECT id, unit_id AS unitId, form_type AS formType, content FROM response_slots
     WHERE campaign_id = ? AND unit_id = ? AND form_type = ? AND filled = 1 AND ${INTERVIEW_SQL} AND ${ENUMERATOR_SQL} = ?`,
  ),
  byUuid: c.prepare<[number, Buffer], Omit<InterviewSlot, 'mark'>>(
    `SELECT id, unit_id AS unitId, form_type AS formType, content FROM response_slots NOT INDEXED
     WHERE campaign_id = ? AND filled = 1 AND ${INTERVIEW_SQL} AND ${UUID_SQL} = ?`,
  ),
  ofCampaign: c.prepare<[number], Omit<InterviewSlot, 'mark'>>(
    `SELECT id, unit_id AS unitId, form_type AS formType, content FROM response_slots NOT INDEXED
     WHERE campaign_id = ? AND filled = 1 AND ${INTERVIEW_SQL}`,
  ),
  rewrite: c.prepare<[Buffer, number, Buffer]>(
    'UPDATE response_slots SET content = ? WHERE id = ? AND length(content) = length(?)',
  ),
}));

function decoded(rows: Omit<InterviewSlot, 'mark'>[]): InterviewSlot[] {
  return rows.map((r) => ({ ...r, mark: interviewMarkOf(r.content)! }));
}

export function enumeratorBytes(userId: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(userId);
  return b;
}

export function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** An enumerator's interviews for one unit and form type. */
export function enumeratorInterviews(
  db: Db,
  campaignId: number,
  unitId: number,
  formType: string,
  userId: number,
): InterviewSlot[] {
  return decoded(
    statements(db).byEnumeratorInPool.all(campaignId, unitId, formType, enumeratorBytes(userId)),
  );
}

/** The interview a device id names in a campaign, if any. */
export function interviewByUuid(db: Db, campaignId: number, uuid: string): InterviewSlot | undefined {
  return decoded(statements(db).byUuid.all(campaignId, uuidBytes(uuid)))[0];
}

/** Every interview of a campaign, in no meaningful order. */
export function campaignInterviews(db: Db, campaignId: number): InterviewSlot[] {
  return decoded(statements(db).ofCampaign.all(campaignId));
}

/** Writes a slot's new content over the old, same size, in place (docs/DOMAIN.md § Anonymity and personal data). */
export function rewriteInterview(db: Db, slotId: number, content: Buffer): void {
  if (statements(db).rewrite.run(content, slotId, content).changes !== 1)
    throw new Error('interview slot not rewritten');
}

/**
 * The purge's part for interviews (docs/DOMAIN.md § Interviews): every interview of the campaign loses its
 * enumerator and device id, written over in place; the review state stays, so counts do not change.
 */
export function forgetInterviewers(db: Db, campaignId: number): number {
  const slots = campaignInterviews(db, campaignId);
  for (const s of slots) {
    rewriteInterview(db, s.id, withInterviewMark(s.content, { ...s.mark, enumeratorId: 0, uuid: '' }));
  }
  return slots.length;
}
