import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type AuditDetail } from '../audit/audit-detail';
import { inUnitScope, type UnitScope } from '../auth';
import { command } from '../command';
import type { Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { AppError } from '../errors';
import { newToken } from '../tokens';
import {
  idField,
  loadCampaign,
  loadSendableCampaign,
  publicUrlField,
  queueInvitationMails,
  unitCodesOf,
} from './queue-invitation-mails';
import { dropWaitingMail, loadInvitation, refuseIfPastDeadline } from './resend-invitation';

/**
 * What a correction did: nothing when the address is the one in use; otherwise the mails queued, and how many of
 * the person's invitations, in units outside the actor's scope, keep the old address and link.
 */
export type AddressFixResult = { changed: false } | { changed: true; queued: number; keptElsewhere: number };

type PersonInvitation = {
  id: number;
  token: string;
  unitId: number;
  formType: string;
  status: DeliveryStatus;
};

/**
 * Corrects a person's address and mails them again (docs/DOMAIN.md § Focal officers): the person's invitations in
 * the units of `fix.scope` go to the new address, each unanswered one with a new token (the old ones are revoked)
 * and a new mail if one had been sent. One not mailed yet keeps waiting for its unit's sending (the scheduled day
 * or the admin's send), so a correction made before the sending day, or before the campaign opens, mails nobody
 * early. The person's invitations in other units keep their address and link: the corrected ones move to a person
 * of their own. An address already used by another person is refused, except that an admin may join the two when
 * they hold no invitation of the same form type (an address is a person, docs/DOMAIN.md § Invitations).
 */
export const correctAddress = command(
  z.object({
    invitationId: idField,
    /** The address typed; checked below, so that the message can repeat it. */
    email: z.string().max(320),
    /** The units the actor holds (UnitScope): their invitations move to the new address. */
    scope: z.union([z.literal('all'), z.array(z.number().int().positive()).readonly()]),
    publicUrl: publicUrlField,
  }),
  ({ db, actor, now }, fix): AddressFixResult => {
    const email = fix.email.trim().toLowerCase();
    if (!z.email().safeParse(email).success) {
      throw new AppError('invalid_input', 'mail.invalidEmail', { email: fix.email.trim() }, 'email');
    }
    const invitation = loadInvitation(db, fix.invitationId);
    if (!inUnitScope(fix.scope, invitation.unitId))
      throw new AppError('not_found', 'mail.invitationNotFound');
    const { status } = loadCampaign(db, invitation.campaignId);
    if (status === 'closed') throw new AppError('campaign_closed', 'mail.campaignClosed');
    refuseIfPastDeadline(db, invitation, now);
    const c = db.$client;
    const person = c
      .prepare(`SELECT email, full_name AS fullName FROM respondents WHERE id = ?`)
      .get(invitation.respondentId) as { email: string; fullName: string };
    if (person.email.trim().toLowerCase() === email) return { changed: false };

    const all = c
      .prepare(
        `SELECT id, token, unit_id AS unitId, form_type AS formType, delivery_status AS status,
           answered_on IS NOT NULL AS answered
         FROM invitations WHERE respondent_id = ? ORDER BY id`,
      )
      .all(invitation.respondentId) as Array<PersonInvitation & { answered: number }>;
    const moved = all.filter((i) => inUnitScope(fix.scope, i.unitId));
    const kept = all.filter((i) => !inUnitScope(fix.scope, i.unitId));
    const pending = moved.filter((i) => i.answered === 0);
    if (pending.length === 0) throw new AppError('conflict', 'mail.alreadyAnswered');

    moveToAddress(db, { ...invitation, fullName: person.fullName }, email, { moved, kept }, fix.scope, now);

    const revoke = c.prepare(
      `INSERT INTO revoked_tokens (token, invitation_id, revoked_at) VALUES (?, ?, ?)`,
    );
    const replace = c.prepare(
      `UPDATE invitations SET token = ?, delivery_status = 'not_sent', delivery_detail = NULL WHERE id = ?`,
    );
    const pendingIds = pending.map((p) => p.id);
    for (const p of pending) {
      revoke.run(p.token, p.id, now);
      replace.run(newToken(), p.id);
    }
    dropWaitingMail(db, pendingIds);
    const mailed = pending.filter((p) => p.status !== 'not_sent').map((p) => p.id);
    const { queued } =
      mailed.length === 0
        ? { queued: 0 }
        : queueInvitationMails(
            db,
            loadSendableCampaign(db, invitation.campaignId),
            { campaignId: invitation.campaignId, invitationIds: mailed, statuses: ['not_sent'] },
            'invitation',
            { publicUrl: fix.publicUrl, now },
          );
    const codesOf = (list: typeof kept) =>
      unitCodesOf(
        db,
        list.map((i) => i.unitId),
      );
    const params = {
      unit: codesOf(moved),
      id: String(fix.invitationId),
      count: queued,
      kept:
        kept.length === 0 ? '' : ({ key: 'admin.audit.keptText', params: { units: codesOf(kept) } } as const),
    };
    const detail: AuditDetail = { key: 'admin.audit.correctText', params };
    recordAudit(db, actor, 'mail.correct_address', { campaignId: invitation.campaignId, detail }, now);
    return { changed: true, queued, keptElsewhere: kept.length };
  },
);

/**
 * Gives the moved invitations the corrected address: the person's own record changes when nothing stays behind;
 * otherwise the moved invitations go to a new person at that address, leaving the kept ones at the old one. An
 * address already someone's is refused, unless an admin joins invitations of other form types to that person (an
 * officer may not bind their invitations to someone listed by other units).
 */
function moveToAddress(
  db: Db,
  from: { respondentId: number; campaignId: number; fullName: string },
  email: string,
  { moved, kept }: { moved: PersonInvitation[]; kept: PersonInvitation[] },
  scope: UnitScope,
  now: number,
): void {
  const c = db.$client;
  const owner = c
    .prepare(`SELECT id FROM respondents WHERE campaign_id = ? AND email = ? AND id <> ?`)
    .pluck()
    .get(from.campaignId, email, from.respondentId) as number | undefined;
  if (owner === undefined && kept.length === 0) {
    c.prepare(`UPDATE respondents SET email = ?, updated_at = ? WHERE id = ?`).run(
      email,
      now,
      from.respondentId,
    );
    return;
  }
  if (owner !== undefined) {
    const clash = c
      .prepare(
        `SELECT 1 FROM invitations WHERE respondent_id = ? AND form_type IN (SELECT value FROM json_each(?))`,
      )
      .get(owner, JSON.stringify(moved.map((i) => i.formType)));
    if (scope !== 'all' || clash) throw new AppError('conflict', 'mail.emailTaken', { email });
  }
  const to =
    owner ??
    Number(
      c
        .prepare(`INSERT INTO respondents (campaign_id, email, full_name, created_at) VALUES (?, ?, ?, ?)`)
        .run(from.campaignId, email, from.fullName, now).lastInsertRowid,
    );
  const move = c.prepare(`UPDATE invitations SET respondent_id = ? WHERE id = ?`);
  for (const i of moved) move.run(to, i.id);
  if (kept.length === 0) c.prepare(`DELETE FROM respondents WHERE id = ?`).run(from.respondentId);
}
