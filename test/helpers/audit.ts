import { auditDetailText, readAuditDetail } from '../../src/audit/audit-detail';

/** Audit rows with each stored detail (a key and params) in Vietnamese words, as the audit page shows it. */
export function inWords<Row extends { detail: string | null }>(rows: Row[]): Row[] {
  return rows.map((row) => ({
    ...row,
    detail: row.detail === null ? null : auditDetailText('vi', readAuditDetail(row.detail)),
  }));
}
