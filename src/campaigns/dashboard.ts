import type { Db } from '../db/client';
import type { UnitGroup } from '../db/schema';
import { getCampaignProgress, type UnitFormProgress } from './progress';
import {
  daysLeft,
  listShortfalls,
  missingAnswers,
  unitStatus,
  type ListShortfall,
  type UnitStatus,
} from './unit-status';

/** One unit's counts summed over its form types. */
export type UnitSummary = {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: UnitGroup;
  deadlineAt: number | null;
  invited: number;
  sent: number;
  /** Bounced or failed: the mail did not reach the person. */
  bounced: number;
  answered: number;
  quota: number;
  /** Answered over quota in whole percent, capped at 100 (extra answers do not raise a unit's score). */
  percent: number;
  status: UnitStatus;
  /** Answers still needed, per form type. */
  missing: number;
  daysLeft: number | null;
  shortLists: ListShortfall[];
};

export type CampaignTotals = Omit<
  UnitSummary,
  | 'unitId'
  | 'unitCode'
  | 'unitName'
  | 'unitGroup'
  | 'deadlineAt'
  | 'status'
  | 'missing'
  | 'daysLeft'
  | 'shortLists'
> & {
  units: number;
};

export const UNIT_SORTS = [
  'unit',
  'group',
  'sent',
  'bounced',
  'answered',
  'invited',
  'quota',
  'percent',
  'deadline',
  'status',
] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];

/** Per-unit summaries (optionally one group, sorted by a column) and campaign totals for the dashboard. */
export function getCampaignDashboard(
  db: Db,
  campaignId: number,
  now: number,
  view: { group?: UnitGroup; sort?: UnitSort; desc?: boolean } = {},
): { units: UnitSummary[]; totals: CampaignTotals } {
  const byUnit = new Map<number, UnitSummary>();
  const formsOf = new Map<number, UnitFormProgress[]>();
  for (const p of getCampaignProgress(db, campaignId)) {
    formsOf.set(p.unitId, [...(formsOf.get(p.unitId) ?? []), p]);
    const u = byUnit.get(p.unitId) ?? {
      unitId: p.unitId,
      unitCode: p.unitCode,
      unitName: p.unitName,
      unitGroup: p.unitGroup,
      deadlineAt: p.deadlineAt,
      invited: 0,
      sent: 0,
      bounced: 0,
      answered: 0,
      quota: 0,
      percent: 0,
      status: 'behind',
      missing: 0,
      daysLeft: null,
      shortLists: [],
    };
    u.invited += p.invited;
    u.sent += p.sent;
    u.bounced += p.bounced + p.failed;
    u.quota += p.quota;
    u.answered += p.answered;
    byUnit.set(p.unitId, u);
  }
  let all = [...byUnit.values()];
  for (const u of all) {
    const forms = formsOf.get(u.unitId)!;
    u.percent = percentOf(u.answered, u.quota);
    u.status = unitStatus(forms, u.deadlineAt, now);
    u.missing = missingAnswers(forms);
    u.daysLeft = daysLeft(u.deadlineAt, now);
    u.shortLists = listShortfalls(forms);
  }
  const totals: CampaignTotals = {
    units: all.length,
    invited: sum(all, 'invited'),
    sent: sum(all, 'sent'),
    bounced: sum(all, 'bounced'),
    answered: sum(all, 'answered'),
    quota: sum(all, 'quota'),
    percent: 0,
  };
  totals.percent = percentOf(totals.answered, totals.quota);
  if (view.group) all = all.filter((u) => u.unitGroup === view.group);
  return { units: sortUnits(all, view.sort ?? 'unit', view.desc ?? false), totals };
}

function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.round((part / whole) * 100)) : 0;
}

function sum(rows: UnitSummary[], key: 'invited' | 'sent' | 'bounced' | 'answered' | 'quota'): number {
  return rows.reduce((s, r) => s + r[key], 0);
}

// Natural order: "Phường 2" before "Phường 10".
const collator = new Intl.Collator('vi', { numeric: true });
const KEY: Record<UnitSort, (u: UnitSummary) => string | number> = {
  unit: (u) => u.unitName,
  group: (u) => u.unitGroup,
  sent: (u) => u.sent,
  bounced: (u) => u.bounced,
  answered: (u) => u.answered,
  invited: (u) => u.invited,
  quota: (u) => u.quota,
  percent: (u) => u.percent,
  // Units without a deadline sort after every dated one.
  deadline: (u) => u.deadlineAt ?? Number.MAX_SAFE_INTEGER,
  // Most urgent first: overdue, then short lists, then behind, then reached.
  status: (u) => ['overdue', 'listShort', 'behind', 'reached'].indexOf(u.status),
};

function sortUnits(rows: UnitSummary[], sort: UnitSort, desc: boolean): UnitSummary[] {
  const key = KEY[sort];
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
    return sign * c || collator.compare(a.unitName, b.unitName);
  });
}
