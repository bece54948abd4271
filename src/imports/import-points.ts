import type { Db } from '../db/client';
import { readDecimal } from '../numbers';
import { cellText } from './cell-values';
import type { ErrorLog } from './error-log';
import { normalizeKey } from './normalize-key';
import type { SourceRow } from './read-table';
import type { RowImporter } from './row-importer';
import type { CellValue } from './types';

type PointsRow = { row: number; unitId: number; appraised: number; appraisedMax: number | null };
type CampaignUnit = { id: number; code: string; name: string };

/** The most points any part of the index can carry: the whole index is 100. */
const MAX_POINTS = 100;

/**
 * The appraised self-assessment points of the campaign's units (docs/DOMAIN.md § Index and ranking): a unit is
 * found by its code or, failing that, its name (ignoring case, diacritics and spacing); points are written
 * 62,5 or 62.5. A unit's row replaces the points imported for it before.
 */
export function createPointsImporter(db: Db, campaignId: number, errors: ErrorLog): RowImporter {
  const units = db.$client
    .prepare(
      `select u.id, u.code, u.name from campaign_units cu join units u on u.id = cu.unit_id
       where cu.campaign_id = ?`,
    )
    .all(campaignId) as CampaignUnit[];
  const byCode = new Map(units.map((u) => [u.code.toUpperCase(), u]));
  const byName = new Map(units.map((u) => [normalizeKey(u.name), u]));
  const rows: PointsRow[] = [];
  const rowOfUnit = new Map<number, number>();

  const points = (row: number, field: 'appraised' | 'appraised_max', value: CellValue | undefined) => {
    const text = cellText(value);
    if (text === '') return null;
    const n = readDecimal(typeof value === 'number' ? value : text);
    if (n === undefined || n < 0 || n > MAX_POINTS) {
      errors.add(row, field, 'badPoints', { value: text, max: MAX_POINTS });
      return undefined;
    }
    return n;
  };

  const addRow = ({ row, cells }: SourceRow) => {
    const code = cellText(cells.code);
    const name = cellText(cells.name);
    // A "unit" column may hold codes as well as names.
    const unit =
      (code !== '' ? byCode.get(code.toUpperCase()) : undefined) ??
      byName.get(normalizeKey(name)) ??
      byCode.get(name.toUpperCase());
    if (code === '' && name === '') errors.add(row, 'code', 'required');
    else if (!unit && code !== '') errors.add(row, 'code', 'unknownUnit', { value: code });
    else if (!unit) errors.add(row, 'name', 'unknownUnitName', { value: name });
    const appraised = points(row, 'appraised', cells.appraised);
    if (appraised === null) errors.add(row, 'appraised', 'required');
    const appraisedMax = points(row, 'appraised_max', cells.appraised_max);
    if (appraised != null && appraisedMax != null && appraised > appraisedMax) {
      errors.add(row, 'appraised', 'pointsAboveMax', {
        value: cellText(cells.appraised),
        max: cellText(cells.appraised_max),
      });
    }
    const firstRow = unit && rowOfUnit.get(unit.id);
    if (firstRow !== undefined)
      errors.add(row, code !== '' ? 'code' : 'name', 'duplicateRow', { row: firstRow });
    if (errors.hasRow(row) || !unit || appraised == null || appraisedMax === undefined) return;
    rowOfUnit.set(unit.id, row);
    rows.push({ row, unitId: unit.id, appraised, appraisedMax });
  };

  const plan = () => {
    const sql = db.$client;
    const existing = new Map(
      (
        sql
          .prepare(
            'select unit_id as unitId, appraised, appraised_max as appraisedMax from index_points where campaign_id = ?',
          )
          .all(campaignId) as Array<Omit<PointsRow, 'row'>>
      ).map((p) => [p.unitId, p]),
    );
    const summary = { created: 0, updated: 0, unchanged: 0 };
    for (const r of rows) {
      const before = existing.get(r.unitId);
      if (!before) summary.created++;
      else if (before.appraised !== r.appraised || before.appraisedMax !== r.appraisedMax) summary.updated++;
      else summary.unchanged++;
    }
    const apply = () => {
      const upsert = sql.prepare(
        `insert into index_points (campaign_id, unit_id, appraised, appraised_max) values (?, ?, ?, ?)
         on conflict (campaign_id, unit_id) do update set
           appraised = excluded.appraised, appraised_max = excluded.appraised_max`,
      );
      for (const r of rows) upsert.run(campaignId, r.unitId, r.appraised, r.appraisedMax);
    };
    return { summary, apply };
  };

  return { addRow, plan };
}
