import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor } from '../audit/actor';
import { getCampaign } from '../campaigns/campaigns';
import { inUnitScope, type UnitScope } from '../auth';
import { inTransaction, type Db } from '../db/client';
import type { DeliveryStatus } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { formatVnDateTime } from '../time';
import { answerDeadline, unitCodeOf } from '../units/campaign-units';
import {
  loadSendableCampaign,
  queueInvitationMails,
  type MailContext,
  type SendResult,
} from './queue-invitation-mails';
import { newToken } from '../tokens';

/** Who asked for the resend, for the audit log (focal officer, admin or the CLI). */
export type ResendContext = MailContext & { actor?: Actor };

type InvitationRow = {
  id: number;
  campaignId: number;
  respondentId: number;
  unitId: number;
  answeredOn: string | null;
};

function loadInvitation(db: Db, invitationId: number): InvitationRow {
  const row = db.$client
    .prepare(
      `SELECT id, campaign_id AS campaignId, respondent_id AS respondentId, unit_id AS unitId,
         answered_on AS answeredOn
       FROM invitations WHERE id = ?`,
    )
    .get(invitationId) as InvitationRow | undefined;
  if (!row) throw new AppError('not_found', 'mail.invitationNotFound');
  return row;
}

/** Past the unit's answer deadline a new mail would carry a link that refuses answers: say so instead. */
function refuseIfPastDeadline(db: Db, invitation: InvitationRow, now: number): void {
  const deadline = answerDeadline(db, invitation.campaignId, invitation.unitId);
  if (deadline !== null && deadline < now) {
    throw new AppError('conflict', 'mail.pastDeadline', { deadline: formatVnDateTime(deadline) });
  }
}

// A message still waiting in the outbox would duplicate (or, after a token change, carry a dead link).
function dropWaitingMail(db: Db, invitationIds: number[]): void {
  db.$client
    .prepare(
      `DELETE FROM mail_outbox WHERE status = 'queued' AND kind IN ('invitation', 'reminder')
       AND invitation_id IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(invitationIds));
}

/** Sends the same invitation (same link) again; refuses an answered invitation or a draft/closed campaign. */
export function resendInvitation(db: Db, invitationId: number, ctx: ResendContext): SendResult {
  return inTransaction(db, () => {
    const invitation = loadInvitation(db, invitationId);
    const campaign = loadSendableCampaign(db, invitation.campaignId);
    if (invitation.answeredOn !== null) throw new AppError('conflict', 'mail.alreadyAnswered');
    refuseIfPastDeadline(db, invitation, ctx.now);
    dropWaitingMail(db, [invitationId]);
    const result = queueInvitationMails(
      db,
      campaign,
      {
        campaignId: campaign.id,
        invitationIds: [invitationId],
        statuses: ['not_sent', 'queued', 'sent', 'failed', 'bounced'],
      },
      'invitation',
      ctx,
    );
    if (ctx.actor) {
      recordAudit(
        db,
        ctx.actor,
        'mail.resend',
        {
          campaignId: campaign.id,
          text: t('admin.audit.resendText', { unit: unitCodeOf(db, invitation.unitId), id: invitationId }),
        },
        ctx.now,
      );
    }
    return result;
  });
}

const emailSchema = z.email();

/** An address correction: the invitation it was made on, the address typed, and the units the actor holds. */
export type AddressFix = { invitationId: number; email: string; scope: UnitScope };

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
export function correctAddressAndResend(db: Db, fix: AddressFix, ctx: ResendContext): AddressFixResult {
  const email = fix.email.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new AppError('invalid_input', 'mail.invalidEmail', { email: fix.email.trim() });
  }
  return inTransaction(db, () => {
    const invitation = loadInvitation(db, fix.invitationId);
    if (!inUnitScope(fix.scope, invitation.unitId))
      throw new AppError('not_found', 'mail.invitationNotFound');
    const { status } = getCampaign(db, invitation.campaignId);
    if (status === 'closed') throw new AppError('campaign_closed', 'mail.campaignClosed');
    refuseIfPastDeadline(db, invitation, ctx.now);
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

    moveToAddress(
      db,
      { ...invitation, fullName: person.fullName },
      email,
      { moved, kept },
      fix.scope,
      ctx.now,
    );

    const revoke = c.prepare(
      `INSERT INTO revoked_tokens (token, invitation_id, revoked_at) VALUES (?, ?, ?)`,
    );
    const replace = c.prepare(
      `UPDATE invitations SET token = ?, delivery_status = 'not_sent', delivery_detail = NULL WHERE id = ?`,
    );
    const pendingIds = pending.map((p) => p.id);
    for (const p of pending) {
      revoke.run(p.token, p.id, ctx.now);
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
            ctx,
          );
    if (ctx.actor) {
      const text = t('admin.audit.correctText', {
        unit: unitCodesOf(db, moved),
        id: fix.invitationId,
        count: queued,
      });
      const keptText = kept.length === 0 ? '' : t('admin.audit.keptText', { units: unitCodesOf(db, kept) });
      recordAudit(
        db,
        ctx.actor,
        'mail.correct_address',
        { campaignId: invitation.campaignId, text: text + keptText },
        ctx.now,
      );
    }
    return { changed: true, queued, keptElsewhere: kept.length };
  });
}

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

/** The codes of the units of these invitations, for the audit log ("DV1, DV2"). */
function unitCodesOf(db: Db, invitations: Array<{ unitId: number }>): string {
  return [...new Set(invitations.map((i) => i.unitId))]
    .map((unitId) => unitCodeOf(db, unitId))
    .sort()
    .join(', ');
}
