/**
 * Where a unit stands against its quota (docs/DOMAIN.md § Where a unit stands): reached, behind, unable to reach because its
 * list holds fewer people than the quota, or past its deadline without reaching it.
 */
export const UNIT_STATUSES = ['reached', 'behind', 'listShort', 'overdue'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** One form type's counts, as `getCampaignProgress` gives them. */
type FormCounts = { formType: string; quota: number; invited: number; answered: number };

/** A form type whose list is shorter than its quota: however many answer, the quota cannot be reached. */
export type ListShortfall = { formType: string; listed: number; quota: number; missing: number };

export function listShortfall(f: FormCounts): ListShortfall | null {
  return f.invited < f.quota
    ? { formType: f.formType, listed: f.invited, quota: f.quota, missing: f.quota - f.invited }
    : null;
}

export function listShortfalls(forms: FormCounts[]): ListShortfall[] {
  return forms.map(listShortfall).filter((s): s is ListShortfall => s !== null);
}

/** Answers still needed: per form type, so extra answers of one type do not hide a shortfall of another. */
export function missingAnswers(forms: FormCounts[]): number {
  return forms.reduce((n, f) => n + Math.max(0, f.quota - f.answered), 0);
}

export function unitStatus(forms: FormCounts[], deadlineAt: number | null, now: number): UnitStatus {
  if (missingAnswers(forms) === 0) return 'reached';
  if (deadlineAt !== null && deadlineAt <= now) return 'overdue';
  return listShortfalls(forms).length > 0 ? 'listShort' : 'behind';
}

const DAY = 24 * 60 * 60 * 1000;

/** Whole days left before the deadline, a part day counting as one; null once it has passed or when there is none. */
export function daysLeft(deadlineAt: number | null, now: number): number | null {
  return deadlineAt === null || deadlineAt <= now ? null : Math.ceil((deadlineAt - now) / DAY);
}
