import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { dateTimeParam } from '../audit/audit-detail';
import { command, reason } from '../command';
import { campaignUnits, unitQuotas } from '../db/schema';
import { AppError } from '../errors';
import { type MessageKey } from '../i18n/messages';
import { deadlineInstant, readVnMoment, vnDateTime } from '../time';
import { getCampaignUnit, listFormTypes, readQuota, refuseIfClosed, sendsByDeadline } from './campaign-units';

const QUOTA_FIELD = /^quota_(.+)$/;
// "17:00", "9:30" or "17h00", as people write a time of day; 24-hour, whatever the browser's locale.
const CLOCK = /^([01]?\d|2[0-3])[:h]([0-5]\d)$/;
const id = z.coerce.number().int().positive();
const trimmed = (value: string | null | undefined) => (value ?? '').trim();

/**
 * A unit's schedule and quotas as the edit page posts them, or the CLI writes them: the sending day, the deadline
 * (a date, or a date and time: the page's two inputs, or one moment as people write it, or an instant), and
 * `quota_<form type>` per form type given. Blank day or deadline: none.
 */
const unitEdit = z
  .looseObject({
    campaignId: id,
    unitId: id,
    sendOn: z.string().nullish(),
    deadlineDate: z.union([z.string(), z.number()]).nullish(),
    deadlineTime: z.string().optional(),
  })
  .transform((input, ctx) => {
    const invalid = (field: string, key: MessageKey): undefined => {
      ctx.addIssue({ code: 'custom', message: reason(key), path: [field] });
    };
    const sendOn = trimmed(input.sendOn);
    const send = sendOn === '' ? null : readVnMoment(sendOn);
    if (send === undefined || send?.time) invalid('sendOn', 'admin.units.badDate');
    const { deadlineDate: date } = input;
    const deadline = deadlineOf(
      typeof date === 'number' ? date : trimmed(date),
      trimmed(input.deadlineTime),
      invalid,
    );
    const quotas: Record<string, number> = {};
    for (const [field, value] of Object.entries(input)) {
      const formType = QUOTA_FIELD.exec(field)?.[1];
      if (formType === undefined) continue;
      const quota = readQuota(value);
      if (quota === undefined) invalid(field, 'admin.units.badQuota');
      else quotas[formType] = quota;
    }
    const sendDay = send?.day ?? null;
    const deadlineAt = deadline ?? null;
    if (!sendsByDeadline(sendDay, deadlineAt)) invalid('deadlineDate', 'admin.units.deadlineBeforeSend');
    return { campaignId: input.campaignId, unitId: input.unitId, sendOn: sendDay, deadlineAt, quotas };
  });
export type UnitEdit = z.input<typeof unitEdit>;

/** The deadline's instant: a bare date is the end of that day (docs/DOMAIN.md § Deadlines); undefined when invalid. */
function deadlineOf(
  date: string | number,
  time: string,
  invalid: (field: string, key: MessageKey) => undefined,
): number | null | undefined {
  const clock = CLOCK.exec(time);
  if (time !== '' && !clock) return invalid('deadlineTime', 'admin.units.badTime');
  if (date === '') return clock ? invalid('deadlineTime', 'admin.units.timeWithoutDate') : null;
  if (typeof date === 'number') return clock ? invalid('deadlineTime', 'admin.units.badTime') : date;
  const moment = readVnMoment(date);
  if (!moment) return invalid('deadlineDate', 'admin.units.badDate');
  if (!clock) return deadlineInstant(moment);
  if (moment.time) return invalid('deadlineTime', 'admin.units.badTime');
  return vnDateTime(moment.day, Number(clock[1]), Number(clock[2]));
}

/**
 * Sets a unit's sending day, deadline and quotas in a campaign; quotas of unknown form types are refused, and so
 * is any change once the campaign is closed (its scores were frozen with the quotas it had; reopen it first).
 * Audited with the unit's deadline and every quota it now has.
 */
export const updateCampaignUnit = command(unitEdit, ({ db, actor, now }, data) => {
  const { campaignId, unitId } = data;
  getCampaignUnit(db, campaignId, unitId);
  refuseIfClosed(db, campaignId);
  const formTypes = listFormTypes(db).map((f) => f.code);
  const unknown = Object.keys(data.quotas).find((code) => !formTypes.includes(code));
  if (unknown !== undefined) {
    throw new AppError('invalid_input', 'admin.units.unknownFormType', undefined, `quota_${unknown}`);
  }
  db.update(campaignUnits)
    .set({ sendOn: data.sendOn, deadlineAt: data.deadlineAt })
    .where(and(eq(campaignUnits.campaignId, campaignId), eq(campaignUnits.unitId, unitId)))
    .run();
  for (const [formType, quota] of Object.entries(data.quotas)) {
    db.insert(unitQuotas)
      .values({ campaignId, unitId, formType, quota })
      .onConflictDoUpdate({
        target: [unitQuotas.campaignId, unitQuotas.unitId, unitQuotas.formType],
        set: { quota },
      })
      .run();
  }
  const unit = getCampaignUnit(db, campaignId, unitId);
  const params = {
    unit: unit.code,
    deadline: unit.deadlineAt === null ? '—' : dateTimeParam(unit.deadlineAt),
    quotas: formTypes
      .filter((code) => unit.quotas[code] !== undefined)
      .map((code) => `${code}=${unit.quotas[code]}`)
      .join(', '),
  };
  recordAudit(db, actor, 'unit.update', { campaignId, detail: { key: 'admin.audit.unitText', params } }, now);
  return unit;
});
