import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type AuditDetail } from '../audit/audit-detail';
import { campaignIdField } from '../campaigns/campaigns';
import { command, reason } from '../command';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { MAX_QUOTA, refuseIfClosed } from '../units/campaign-units';

export type Assignment = {
  campaignId: number;
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  formType: string;
  formTypeName: string;
  target: number;
};

const ASSIGNMENTS = `
  SELECT a.campaign_id AS campaignId, a.user_id AS userId, us.username, us.display_name AS displayName,
         a.unit_id AS unitId, un.code AS unitCode, un.name AS unitName, a.form_type AS formType,
         ft.name AS formTypeName, a.target
  FROM enumerator_assignments a
  JOIN users us ON us.id = a.user_id JOIN units un ON un.id = a.unit_id JOIN form_types ft ON ft.code = a.form_type`;
const ORDER = 'ORDER BY us.username, un.code, ft.sort_order';

/** Every assignment of a campaign, by enumerator, unit and form type. */
export function listAssignments(db: Db, campaignId: number): Assignment[] {
  return db.$client
    .prepare(`${ASSIGNMENTS} WHERE a.campaign_id = ? ${ORDER}`)
    .all(campaignId) as Assignment[];
}

/** An enumerator's assignments in the campaigns that are open. */
export function openAssignmentsOf(db: Db, userId: number): Assignment[] {
  return db.$client
    .prepare(
      `${ASSIGNMENTS} JOIN campaigns c ON c.id = a.campaign_id WHERE a.user_id = ? AND c.status = 'open' ${ORDER}`,
    )
    .all(userId) as Assignment[];
}

/** Whether the enumerator may interview for this unit and form type in the campaign. */
export function isAssigned(
  db: Db,
  campaignId: number,
  userId: number,
  unitId: number,
  formType: string,
): boolean {
  return (
    db.$client
      .prepare(
        `SELECT 1 FROM enumerator_assignments WHERE campaign_id = ? AND user_id = ? AND unit_id = ? AND form_type = ?`,
      )
      .get(campaignId, userId, unitId, formType) !== undefined
  );
}

const assignmentKey = z.object({
  campaignId: campaignIdField,
  username: z.string().trim().toLowerCase().min(1, reason('interviews.unknownEnumerator')),
  unitCode: z.string().trim().min(1, reason('interviews.unknownUnit')),
  formType: z.string().trim().min(1, reason('interviews.unknownFormType')),
});

type Resolved = { userId: number; unitId: number; unitCode: string; formType: string; username: string };

function resolveAssignment(db: Db, input: z.output<typeof assignmentKey>): Resolved {
  const c = db.$client;
  refuseIfClosed(db, input.campaignId);
  const user = c.prepare('SELECT id, role FROM users WHERE username = ?').get(input.username) as
    { id: number; role: string } | undefined;
  if (!user || user.role !== 'enumerator')
    throw new AppError(
      'invalid_input',
      'interviews.unknownEnumerator',
      { username: input.username },
      'username',
    );
  const unit = c
    .prepare(
      `SELECT u.id FROM units u JOIN campaign_units cu ON cu.unit_id = u.id AND cu.campaign_id = ? WHERE u.code = ?`,
    )
    .get(input.campaignId, input.unitCode) as { id: number } | undefined;
  if (!unit)
    throw new AppError('invalid_input', 'interviews.unknownUnit', { code: input.unitCode }, 'unitCode');
  if (!c.prepare('SELECT 1 FROM form_types WHERE code = ?').get(input.formType))
    throw new AppError('invalid_input', 'interviews.unknownFormType', { code: input.formType }, 'formType');
  return {
    userId: user.id,
    unitId: unit.id,
    unitCode: input.unitCode,
    formType: input.formType,
    username: input.username,
  };
}

/**
 * Assigns an enumerator to a unit and form type with a target count, or changes the target of an assignment.
 * Audited.
 */
export const assignEnumerator = command(
  assignmentKey.extend({
    target: z.coerce
      .number(reason('interviews.badTarget'))
      .int(reason('interviews.badTarget'))
      .min(1, reason('interviews.badTarget'))
      .max(MAX_QUOTA, reason('interviews.badTarget')),
  }),
  ({ db, actor, now }, input) => {
    const a = resolveAssignment(db, input);
    db.$client
      .prepare(
        `INSERT INTO enumerator_assignments (campaign_id, user_id, unit_id, form_type, target) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET target = excluded.target`,
      )
      .run(input.campaignId, a.userId, a.unitId, a.formType, input.target);
    const params = { username: a.username, formType: a.formType, unit: a.unitCode, target: input.target };
    const detail: AuditDetail = { key: 'interviews.audit.assigned', params };
    recordAudit(db, actor, 'enumerator.assign', { campaignId: input.campaignId, detail }, now);
    return a;
  },
);

/** Ends an assignment: the enumerator's device can no longer sync interviews for it. Audited. */
export const unassignEnumerator = command(assignmentKey, ({ db, actor, now }, input) => {
  const a = resolveAssignment(db, input);
  const removed = db.$client
    .prepare(
      'DELETE FROM enumerator_assignments WHERE campaign_id = ? AND user_id = ? AND unit_id = ? AND form_type = ?',
    )
    .run(input.campaignId, a.userId, a.unitId, a.formType).changes;
  if (removed === 0) throw new AppError('not_found', 'interviews.notAssigned');
  const params = { username: a.username, formType: a.formType, unit: a.unitCode };
  const detail: AuditDetail = { key: 'interviews.audit.unassigned', params };
  recordAudit(db, actor, 'enumerator.unassign', { campaignId: input.campaignId, detail }, now);
  return a;
});
