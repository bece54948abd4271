import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { campaignUnits, formTypes, UNIT_GROUPS, unitQuotas, units, type UnitGroup } from '../db/schema';
import { AppError } from '../errors';
import type { MessageKey } from '../i18n/messages';
import { vnDay } from '../time';

/** The unit groups, for pickers and filters. */
export { UNIT_GROUPS, type UnitGroup };

export type Unit = typeof units.$inferSelect;

/**
 * SQL for when a unit's links stop taking answers: the earlier of its own deadline and the campaign's closing
 * time, NULL when neither is set (over `campaign_units cu` and `campaigns c`); resolveToken applies the same rule.
 */
export const ANSWER_DEADLINE_SQL =
  'min(coalesce(cu.deadline_at, c.closes_at), coalesce(c.closes_at, cu.deadline_at))';

/** When a unit's links stop taking answers in a campaign (ANSWER_DEADLINE_SQL); null when never set. */
export function answerDeadline(db: Db, campaignId: number, unitId: number): number | null {
  const deadline = db.$client
    .prepare(
      `SELECT ${ANSWER_DEADLINE_SQL} FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
       WHERE cu.campaign_id = ? AND cu.unit_id = ?`,
    )
    .pluck()
    .get(campaignId, unitId) as number | null | undefined;
  return deadline ?? null;
}

/** A unit's place in one campaign: schedule and quota per form type. */
export type CampaignUnit = {
  id: number;
  code: string;
  name: string;
  group: UnitGroup;
  sendOn: string | null;
  deadlineAt: number | null;
  quotas: Record<string, number>;
};

/** Every known unit, by code. */
export function listUnits(db: Db): Unit[] {
  return db.select().from(units).orderBy(asc(units.code)).all();
}

/** The form types every campaign offers, in display order. */
export function listFormTypes(db: Db): { code: string; name: string; description: string | null }[] {
  return db
    .select({ code: formTypes.code, name: formTypes.name, description: formTypes.description })
    .from(formTypes)
    .orderBy(asc(formTypes.sortOrder))
    .all();
}

/** Form type names by code, for pages naming a form type. */
export function formTypeNames(db: Db): Record<string, string> {
  return Object.fromEntries(listFormTypes(db).map((f) => [f.code, f.name]));
}

const naturalOrder = new Intl.Collator('vi', { numeric: true });

/**
 * The units taking part in a campaign with their schedule and quotas, by group in the order the index lists them
 * (sở ngành, UBND cấp huyện, ĐVSN, cơ quan Trung ương), then code in natural order (DV2 before DV10).
 */
export function listCampaignUnits(db: Db, campaignId: number, unitIds?: number[]): CampaignUnit[] {
  const rows = db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      group: units.group,
      sendOn: campaignUnits.sendOn,
      deadlineAt: campaignUnits.deadlineAt,
    })
    .from(campaignUnits)
    .innerJoin(units, eq(units.id, campaignUnits.unitId))
    .where(eq(campaignUnits.campaignId, campaignId))
    .all()
    .sort(
      (a, b) =>
        UNIT_GROUPS.indexOf(a.group) - UNIT_GROUPS.indexOf(b.group) || naturalOrder.compare(a.code, b.code),
    );
  const quotas = db.select().from(unitQuotas).where(eq(unitQuotas.campaignId, campaignId)).all();
  const allowed = unitIds && new Set(unitIds);
  return rows
    .filter((r) => !allowed || allowed.has(r.id))
    .map((r) => ({
      ...r,
      quotas: Object.fromEntries(quotas.filter((q) => q.unitId === r.id).map((q) => [q.formType, q.quota])),
    }));
}

/**
 * A closed campaign's units, quotas, schedule and lists stay as they were frozen: an AppError says to reopen it
 * (and one says a campaign that does not exist is not found).
 */
export function refuseIfClosed(db: Db, campaignId: number, closed: MessageKey = 'admin.units.closed'): void {
  const row = db.$client.prepare('SELECT status FROM campaigns WHERE id = ?').get(campaignId) as
    { status: string } | undefined;
  if (!row) throw new AppError('not_found', 'campaigns.notFound');
  if (row.status === 'closed') throw new AppError('campaign_closed', closed);
}

/** A unit's code for the audit log ("SNV"), or "#<id>" for an id that names no unit. */
export function unitCodeOf(db: Db, unitId: number): string {
  const row = db.$client.prepare('SELECT code FROM units WHERE id = ?').get(unitId) as
    { code: string } | undefined;
  return row?.code ?? `#${unitId}`;
}

/** One unit of a campaign, or AppError('not_found') when the unit does not take part in it. */
export function getCampaignUnit(db: Db, campaignId: number, unitId: number): CampaignUnit {
  const unit = listCampaignUnits(db, campaignId, [unitId])[0];
  if (!unit) throw new AppError('not_found', 'admin.units.notInCampaign');
  return unit;
}

/** The largest quota a unit may have for one form type: far above any real unit, a typo's guard. */
export const MAX_QUOTA = 100_000;

/**
 * A quota as written in a form field, a file's cell or a CLI option: a whole number of forms from 0 to MAX_QUOTA
 * (docs/DOMAIN.md § Quota shortfall); undefined for anything else, a blank included.
 */
export function readQuota(value: unknown): number | undefined {
  const quota =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d{1,7}\s*$/.test(value)
        ? +value
        : NaN;
  return Number.isInteger(quota) && quota >= 0 && quota <= MAX_QUOTA ? quota : undefined;
}

/** A unit's sending day is not after its answer deadline (docs/DOMAIN.md § Deadlines); either may be unset. */
export function sendsByDeadline(sendOn: string | null, deadlineAt: number | null): boolean {
  return sendOn === null || deadlineAt === null || sendOn <= vnDay(deadlineAt);
}

/** Campaigns a set of units takes part in, newest first (the officer's campaign selector). */
export function campaignsOfUnits(db: Db, unitIds: number[]): { id: number; name: string; status: string }[] {
  if (unitIds.length === 0) return [];
  return db.$client
    .prepare(
      `select distinct c.id, c.name, c.status from campaigns c join campaign_units cu on cu.campaign_id = c.id
       where cu.unit_id in (${unitIds.map(() => '?').join(',')}) order by c.id desc`,
    )
    .all(...unitIds) as { id: number; name: string; status: string }[];
}
