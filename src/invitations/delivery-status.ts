import { perConnection } from '../db/client';
import type { ClaimedMail, DeliveryListener } from '../mail/outbox';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';

const statements = perConnection((c) => ({
  // The same conditions as the survey link's "open" state: the campaign is open, neither the unit's deadline nor
  // the campaign's closing time has passed and the invitation is not answered. A message queued before a close, a
  // deadline or an answer must not invite anyone to a link that refuses them.
  answerable: c
    .prepare(
      `SELECT 1 FROM invitations i
       JOIN campaigns c ON c.id = i.campaign_id
       LEFT JOIN campaign_units cu ON cu.campaign_id = i.campaign_id AND cu.unit_id = i.unit_id
       WHERE i.id = ? AND c.status = 'open' AND i.answered_on IS NULL
         AND (${ANSWER_DEADLINE_SQL} IS NULL OR ? <= ${ANSWER_DEADLINE_SQL})`,
    )
    .pluck(),
  // The invitation goes back to what it was ("not sent", or "sent" for a resend): a reopen or an extended
  // deadline lets it be sent again.
  unqueue: c.prepare(
    `UPDATE invitations SET delivery_status = CASE WHEN sent_at IS NULL THEN 'not_sent' ELSE 'sent' END
     WHERE id = ? AND delivery_status = 'queued'`,
  ),
  sent: c.prepare(
    `UPDATE invitations SET delivery_status = 'sent', sent_at = ?, delivery_detail = NULL WHERE id = ?`,
  ),
  undelivered: c.prepare(
    `UPDATE invitations SET delivery_status = ?, delivery_detail = ?
     WHERE id = ? AND delivery_status IN ('queued', 'sent')`,
  ),
}));

/** The invitation an invitation or reminder mail is about; other mail concerns no invitation. */
function invitationOf(mail: ClaimedMail): number | null {
  return mail.kind === 'invitation' || mail.kind === 'reminder' ? mail.invitationId : null;
}

/**
 * How delivery results reach the invitations (registered with the outbox worker by the app wiring,
 * scheduler/mail-delivery.ts): a mail whose link no longer takes answers is withdrawn, a delivered invitation is
 * `sent`, and a bad address shows on the invitation whether the invitation or a reminder found it out.
 */
export const invitationDelivery: DeliveryListener = {
  wanted(db, mail, now) {
    const id = invitationOf(mail);
    return id === null || statements(db).answerable.get(id, now) !== undefined;
  },
  dropped(db, mail) {
    if (mail.kind === 'invitation' && mail.invitationId) statements(db).unqueue.run(mail.invitationId);
  },
  sent(db, mail, at) {
    if (mail.kind === 'invitation' && mail.invitationId) statements(db).sent.run(at, mail.invitationId);
  },
  undelivered(db, mail, status, reason) {
    const id = invitationOf(mail);
    if (id) statements(db).undelivered.run(status, reason, id);
  },
};
