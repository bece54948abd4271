import type { Db } from '../db/client';
import { sheetDay, type ReviewState } from '../responses/answer-encoding';
import { listHeldAnswers, REJECT_REASONS, type RejectReason } from '../responses/held-answers';
import { listAssignments, openAssignmentsOf, type Assignment } from './assignments';
import { campaignInterviews, type InterviewSlot } from './slots';

export type ReviewCounts = Record<ReviewState, number>;
export type DayRow = { userId: number; unitId: number; formType: string; day: string } & ReviewCounts;
export type AssignmentProgress = Assignment & ReviewCounts;
export type RejectedInterview = {
  uuid: string;
  campaignId: number;
  unitId: number;
  formType: string;
  day: string;
  reason: RejectReason;
};

const dayOf = (s: InterviewSlot) => sheetDay(s.content.subarray(3, 5));
const zero = (): ReviewCounts => ({ accepted: 0, held: 0, rejected: 0 });

/**
 * The supervisor's view of a campaign's interviews (docs/DOMAIN.md § Interviews): per enumerator, unit, form type
 * and day, and per assignment against its target. Only accepted interviews count toward the target.
 */
export function superviseCampaign(db: Db, campaignId: number) {
  const slots = campaignInterviews(db, campaignId);
  const days = new Map<string, DayRow>();
  const perAssignment = new Map<string, ReviewCounts>();
  for (const s of slots) {
    const { enumeratorId: userId } = s.mark;
    const review = s.review;
    const day = dayOf(s);
    const dayKey = `${userId}:${s.unitId}:${s.formType}:${day}`;
    const row = days.get(dayKey) ?? { userId, unitId: s.unitId, formType: s.formType, day, ...zero() };
    row[review]++;
    days.set(dayKey, row);
    const key = `${userId}:${s.unitId}:${s.formType}`;
    const counts = perAssignment.get(key) ?? zero();
    counts[review]++;
    perAssignment.set(key, counts);
  }
  const assignments: AssignmentProgress[] = listAssignments(db, campaignId).map((a) => ({
    ...a,
    ...(perAssignment.get(`${a.userId}:${a.unitId}:${a.formType}`) ?? zero()),
  }));
  // The review queue open links share (src/responses/held-answers.ts), its interviews only.
  const held = listHeldAnswers(db, campaignId).filter((a) => a.interview);
  const dayRows = [...days.values()].sort(
    (a, b) =>
      a.userId - b.userId ||
      a.unitId - b.unitId ||
      a.formType.localeCompare(b.formType) ||
      a.day.localeCompare(b.day),
  );
  return { assignments, days: dayRows, held };
}

/** What an enumerator's app shows: their assignments with counts, and the interviews sent back to them. */
export function enumeratorOverview(db: Db, userId: number) {
  const assignments = openAssignmentsOf(db, userId);
  const counts = new Map<string, ReviewCounts>();
  const rejected: RejectedInterview[] = [];
  for (const campaignId of new Set(assignments.map((a) => a.campaignId))) {
    for (const s of campaignInterviews(db, campaignId)) {
      if (s.mark.enumeratorId !== userId) continue;
      const key = `${campaignId}:${s.unitId}:${s.formType}`;
      const c = counts.get(key) ?? zero();
      c[s.review]++;
      counts.set(key, c);
      if (s.review === 'rejected')
        rejected.push({
          uuid: s.mark.uuid,
          campaignId,
          unitId: s.unitId,
          formType: s.formType,
          day: dayOf(s),
          reason: REJECT_REASONS[s.mark.rejectReason - 1] ?? 'other',
        });
    }
  }
  return {
    assignments: assignments.map((a) => ({
      ...a,
      ...(counts.get(`${a.campaignId}:${a.unitId}:${a.formType}`) ?? zero()),
    })),
    rejected,
  };
}
