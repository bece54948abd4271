import type { Db } from '../db/client';
import { deadlineInstant, vnTimeAndDate } from '../time';
import { MAX_QUOTA, sendsByDeadline, type UnitGroup } from '../units/campaign-units';
import { parseGroup, parseMoment, parseQuota, cellText } from './cell-values';
import type { UnitField } from './columns';
import type { ErrorLog } from './error-log';
import type { SourceRow } from './read-table';
import type { RowImporter } from './row-importer';

type UnitRow = {
  row: number;
  code: string;
  name: string;
  group: UnitGroup;
  sendOn: string | null;
  deadlineAt: number | null;
  quotas: [formType: string, quota: number][];
};

const QUOTA_FIELDS: [UnitField, string][] = [
  ['quota_cbcc', 'cbcc'],
  ['quota_hdnd', 'hdnd'],
  ['quota_nguoi_dan', 'nguoi_dan'],
  ['quota_to_chuc', 'to_chuc'],
];

/**
 * Units, their schedule in this campaign and their quotas. A unit is matched by code (case-insensitive) and
 * upserted; a blank send date, deadline or quota keeps what the campaign already has. A deadline already past
 * at `now` is imported with a warning.
 */
export function createUnitsImporter(db: Db, campaignId: number, errors: ErrorLog, now: number): RowImporter {
  const rows: UnitRow[] = [];
  const rowOfCode = new Map<string, number>();

  const addRow = ({ row, cells }: SourceRow) => {
    const code = cellText(cells.code);
    const name = cellText(cells.name);
    if (code === '') errors.add(row, 'code', 'required');
    if (name === '') errors.add(row, 'name', 'required');
    const group = parseGroup(cells.group);
    if (!group.ok) {
      const value = cellText(cells.group);
      if (value === '') errors.add(row, 'group', 'required');
      else errors.add(row, 'group', 'badGroup', { value });
    }
    const quotas: UnitRow['quotas'] = [];
    for (const [field, formType] of QUOTA_FIELDS) {
      const quota = parseQuota(cells[field]);
      if (!quota.ok) errors.add(row, field, 'badQuota', { value: cellText(cells[field]), max: MAX_QUOTA });
      else if (quota.value !== null) quotas.push([formType, quota.value]);
    }
    const sendOn = parseMoment(cells.send_on);
    if (!sendOn.ok) errors.add(row, 'send_on', 'badDate', { value: cellText(cells.send_on) });
    const deadline = parseMoment(cells.deadline);
    if (!deadline.ok) errors.add(row, 'deadline', 'badDate', { value: cellText(cells.deadline) });
    const sendDay = sendOn.ok ? (sendOn.value?.day ?? null) : null;
    const deadlineAt = deadline.ok && deadline.value ? deadlineInstant(deadline.value) : null;
    if (!sendsByDeadline(sendDay, deadlineAt)) {
      errors.add(row, 'send_on', 'sendAfterDeadline', {
        send: sendDay!.split('-').reverse().join('/'),
        ...vnTimeAndDate(deadlineAt!),
      });
    }
    const key = code.toUpperCase();
    const firstRow = rowOfCode.get(key);
    if (code !== '' && firstRow !== undefined) errors.add(row, 'code', 'duplicateRow', { row: firstRow });
    if (errors.hasRow(row) || !group.ok || !sendOn.ok || !deadline.ok) return;
    // Allowed (a late list, a deadline being corrected), but no invitation is sent for a unit past its deadline.
    if (deadlineAt !== null && deadlineAt < now) {
      errors.warn(row, 'deadline', 'deadlinePassed', vnTimeAndDate(deadlineAt));
    }
    rowOfCode.set(key, row);
    rows.push({
      row,
      code,
      name,
      group: group.value,
      sendOn: sendDay,
      deadlineAt,
      quotas,
    });
  };

  const plan = () => {
    const sql = db.$client;
    const existingUnits = new Map<string, { id: number; code: string; name: string; group: string }>();
    for (const u of sql.prepare('select id, code, name, "group" from units').all() as {
      id: number;
      code: string;
      name: string;
      group: string;
    }[]) {
      existingUnits.set(u.code.toUpperCase(), u);
    }
    const schedules = new Map<number, { sendOn: string | null; deadlineAt: number | null }>();
    for (const s of sql
      .prepare(
        'select unit_id as unitId, send_on as sendOn, deadline_at as deadlineAt from campaign_units where campaign_id = ?',
      )
      .all(campaignId) as { unitId: number; sendOn: string | null; deadlineAt: number | null }[]) {
      schedules.set(s.unitId, s);
    }
    const quotas = new Map<string, number>();
    for (const q of sql
      .prepare(
        'select unit_id as unitId, form_type as formType, quota from unit_quotas where campaign_id = ?',
      )
      .all(campaignId) as { unitId: number; formType: string; quota: number }[]) {
      quotas.set(`${q.unitId}|${q.formType}`, q.quota);
    }

    const summary = { created: 0, updated: 0, unchanged: 0 };
    for (const r of rows) {
      const unit = existingUnits.get(r.code.toUpperCase());
      const schedule = unit && schedules.get(unit.id);
      if (!unit || !schedule) {
        summary.created++;
        continue;
      }
      const changed =
        unit.name !== r.name ||
        unit.group !== r.group ||
        (r.sendOn !== null && r.sendOn !== schedule.sendOn) ||
        (r.deadlineAt !== null && r.deadlineAt !== schedule.deadlineAt) ||
        r.quotas.some(([formType, quota]) => quotas.get(`${unit.id}|${formType}`) !== quota);
      if (changed) summary.updated++;
      else summary.unchanged++;
    }

    const apply = () => {
      const upsertUnit = sql.prepare(
        `insert into units (code, name, "group") values (?, ?, ?)
         on conflict (code) do update set name = excluded.name, "group" = excluded."group"
         returning id`,
      );
      const updateUnit = sql.prepare('update units set name = ?, "group" = ? where id = ?');
      const upsertSchedule = sql.prepare(
        `insert into campaign_units (campaign_id, unit_id, send_on, deadline_at) values (?, ?, ?, ?)
         on conflict (campaign_id, unit_id) do update set
           send_on = coalesce(excluded.send_on, send_on), deadline_at = coalesce(excluded.deadline_at, deadline_at)`,
      );
      const upsertQuota = sql.prepare(
        `insert into unit_quotas (campaign_id, unit_id, form_type, quota) values (?, ?, ?, ?)
         on conflict (campaign_id, unit_id, form_type) do update set quota = excluded.quota`,
      );
      for (const r of rows) {
        const existing = existingUnits.get(r.code.toUpperCase());
        let unitId: number;
        if (existing) {
          unitId = existing.id;
          if (existing.name !== r.name || existing.group !== r.group) updateUnit.run(r.name, r.group, unitId);
        } else {
          unitId = (upsertUnit.get(r.code, r.name, r.group) as { id: number }).id;
        }
        upsertSchedule.run(campaignId, unitId, r.sendOn, r.deadlineAt);
        for (const [formType, quota] of r.quotas) upsertQuota.run(campaignId, unitId, formType, quota);
      }
    };
    return { summary, apply };
  };

  return { addRow, plan };
}
