import { perConnection, type Db } from '../db/client';
import {
  ENUMERATOR_SQL,
  interviewMarkOf,
  reviewStateOf,
  sheetHeldReasons,
  UUID_SQL,
  withInterviewMark,
  type InterviewMark,
  type ReviewState,
} from '../responses/answer-encoding';
import { reasonsOf, type HoldReason } from '../responses/held-answers';

/** A filled slot holding an interview, with its mark, review state and hold reasons decoded. */
export type InterviewSlot = {
  id: number;
  unitId: number;
  formType: string;
  content: Buffer;
  mark: InterviewMark;
  review: ReviewState;
  holds: HoldReason[];
};
type Row = Pick<InterviewSlot, 'id' | 'unitId' | 'formType' | 'content'>;

// A link's answer has answer bytes where an interview keeps its enumerator and id: rows are told apart by their
// format (interviewMarkOf), after SQL has narrowed them. The pool index (campaign, unit, form type) narrows the
// first; the others scan one campaign's slots.
const COLUMNS = 'id, unit_id AS unitId, form_type AS formType, content';
const statements = perConnection((c) => ({
  byEnumeratorInPool: c.prepare<[number, number, string, Buffer], Row>(
    `SELECT ${COLUMNS} FROM response_slots
     WHERE campaign_id = ? AND unit_id = ? AND form_type = ? AND filled = 1 AND ${ENUMERATOR_SQL} = ?`,
  ),
  ofCampaign: c.prepare<[number], Row>(
    `SELECT ${COLUMNS} FROM response_slots NOT INDEXED WHERE campaign_id = ? AND filled = 1`,
  ),
  rewrite: c.prepare<[Buffer, number, Buffer]>(
    'UPDATE response_slots SET content = ? WHERE id = ? AND length(content) = length(?)',
  ),
  byUuid: c.prepare<[number, Buffer], Row>(
    `SELECT ${COLUMNS} FROM response_slots NOT INDEXED WHERE campaign_id = ? AND filled = 1 AND ${UUID_SQL} = ?`,
  ),
}));

function interviewsIn(rows: Row[]): InterviewSlot[] {
  return rows.flatMap((r) => {
    const mark = interviewMarkOf(r.content);
    if (!mark) return [];
    const holds = reasonsOf(sheetHeldReasons(r.content));
    return [{ ...r, mark, review: reviewStateOf(r.content), holds }];
  });
}

function enumeratorBytes(userId: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(userId);
  return b;
}

/** An enumerator's interviews for one unit and form type. */
export function enumeratorInterviews(
  db: Db,
  campaignId: number,
  unitId: number,
  formType: string,
  userId: number,
): InterviewSlot[] {
  const rows = statements(db).byEnumeratorInPool.all(campaignId, unitId, formType, enumeratorBytes(userId));
  return interviewsIn(rows).filter((s) => s.mark.enumeratorId === userId);
}

/** The interview a device id names in a campaign, if any. */
export function interviewByUuid(db: Db, campaignId: number, uuid: string): InterviewSlot | undefined {
  const bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  return interviewsIn(statements(db).byUuid.all(campaignId, bytes)).find((s) => s.mark.uuid === uuid);
}

/** Every interview of a campaign, in no meaningful order. */
export function campaignInterviews(db: Db, campaignId: number): InterviewSlot[] {
  return interviewsIn(statements(db).ofCampaign.all(campaignId));
}

/**
 * The purge's part for interviews (docs/DOMAIN.md § Interviews): every interview of the campaign loses its
 * enumerator and device id, written over in place (same size); whether it counts does not change.
 */
export function forgetInterviewers(db: Db, campaignId: number): number {
  const slots = campaignInterviews(db, campaignId);
  for (const s of slots) {
    const content = withInterviewMark(s.content, { ...s.mark, enumeratorId: 0, uuid: '' });
    if (statements(db).rewrite.run(content, s.id, content).changes !== 1)
      throw new Error('slot not rewritten');
  }
  return slots.length;
}
