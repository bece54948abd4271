import type { Config } from '../../src/config';
import type { Db } from '../../src/db/client';
import { resolveToken } from '../../src/invitations/resolve-token';
import { deliverDueMail, enqueueMail } from '../../src/mail/outbox';
import { renderMail } from '../../src/mail/templates';
import type { Mailer } from '../../src/mail/transport';
import { surveyLink } from '../../src/invitations/survey-link';

/**
 * Mails the invitation of each token (open campaign) and delivers it: the one place a test produces real
 * invitation mails, so switching to the mail engineer's sendInvitations is a change here only.
 */
export async function mailInvitations(
  db: Db,
  mailer: Mailer,
  config: Config,
  tokens: string[],
): Promise<void> {
  const now = Date.now();
  for (const token of tokens) {
    const state = resolveToken(db, token, now);
    if (state.state !== 'open')
      throw new Error(`invitation ${token.slice(0, 4)}… is ${state.state}, not open`);
    const inv = state.invitation;
    const mail = renderMail('invitation', {
      campaignName: inv.campaignName,
      subject: inv.mailSubject,
      fullName: inv.fullName,
      unitName: inv.unitName,
      formTypeName: inv.formTypeName,
      deadlineAt: inv.deadlineAt,
      link: surveyLink(config.PUBLIC_URL, token),
      otherForms: inv.otherForms.map((o) => ({
        formTypeName: o.formTypeName,
        link: surveyLink(config.PUBLIC_URL, o.token),
        answered: o.answered,
      })),
      sender: 'Sở Nội vụ',
    });
    enqueueMail(db, { kind: 'invitation', to: inv.email, ...mail, invitationId: inv.invitationId }, now);
  }
  await deliverDueMail(db, mailer, { from: config.MAIL_FROM });
}
