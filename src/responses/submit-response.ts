import { perConnection, type Db } from '../db/client';
import { NOT_ANSWERED } from '../db/schema';
import { inGroupCommit } from '../db/group-commit';
import { t, type Message } from '../i18n/messages';
import { resolveToken, type InvitationContext, type TokenState } from '../invitations/resolve-token';
import { surveyLink } from '../invitations/survey-link';
import { parseTemplateOverrides } from '../mail/campaign-templates';
import { renderMail } from '../mail/templates';
import { queueThankYou } from '../mail/thank-you-slots';
import { vnDay } from '../time';
import { storeResponse } from './store-response';
import { validateAnswers, type RawAnswers } from './validate-answers';

export type SubmitInput = {
  token: string;
  answers: RawAnswers;
  /** Base of the links in the thank-you mail (config PUBLIC_URL). */
  publicUrl: string;
};

export type SubmitResult =
  /** `state` is the link as it now stands, read in the same transaction: the thank-you page needs no new read. */
  | { outcome: 'accepted'; state: Extract<TokenState, { state: 'answered' }> }
  /** Answers kept for the re-rendered form; errors keyed by question id. */
  | { outcome: 'invalid'; state: Extract<TokenState, { state: 'open' }>; errors: Record<string, Message> }
  /** The link cannot take answers (any state but open), including losing a race with a concurrent submit. */
  | { outcome: 'refused'; state: Exclude<TokenState, { state: 'open' }> };

// The day only, written over the placeholder of the same size: the row stays where it is in its page, so
// neither its content nor its place orders the people who answered that day (docs/DOMAIN.md § Anonymity).
const markStatement = perConnection((c) =>
  c.prepare<[string, number, string]>(
    'UPDATE invitations SET answered_day = ? WHERE id = ? AND answered_day = ?',
  ),
);

function markAnswered(db: Db, invitationId: number, now: number): boolean {
  return markStatement(db).run(vnDay(now), invitationId, NOT_ANSWERED).changes === 1;
}

/**
 * Accepts one answer sheet per invitation: in one transaction, checks the link at `now`, validates the answers
 * against its questionnaire, marks the invitation answered (only the first of concurrent submits wins), stores
 * the response anonymously and queues the thank-you mail. The link is read once, inside the transaction, so the
 * answers are checked against the version they are stored with. Settles once that is committed (the commit is
 * shared with the submissions that arrived in the same event-loop turn: db/group-commit.ts); a refused or invalid
 * sheet writes nothing.
 */
export async function submitResponse(db: Db, input: SubmitInput, now: number): Promise<SubmitResult> {
  return inGroupCommit(db, (): SubmitResult => {
    const current = resolveToken(db, input.token, now);
    if (current.state !== 'open') return { outcome: 'refused', state: current };
    const { invitation, form } = current;
    const checked = validateAnswers(form.definition, input.answers);
    if (!checked.ok) return { outcome: 'invalid', state: current, errors: checked.errors };
    if (!markAnswered(db, invitation.invitationId, now)) {
      const after = resolveToken(db, input.token, now) as Exclude<TokenState, { state: 'open' }>;
      return { outcome: 'refused', state: after };
    }
    storeResponse(
      db,
      {
        campaignId: invitation.campaignId,
        unitId: invitation.unitId,
        formType: invitation.formType,
        definitionVersion: form.version,
        answers: checked.answers,
      },
      now,
    );
    queueThankYouMail(db, invitation, input);
    return { outcome: 'accepted', state: { state: 'answered', answeredOn: vnDay(now), invitation } };
  });
}

// In a slot of its own, not an outbox row: nothing of it stays once delivered (mail/thank-you-slots.ts).
function queueThankYouMail(db: Db, invitation: InvitationContext, input: SubmitInput): void {
  const mail = renderMail(
    'thank_you',
    {
      campaignName: invitation.campaignName,
      subject: invitation.mailSubject,
      fullName: invitation.fullName,
      unitName: invitation.unitName,
      formTypeName: invitation.formTypeName,
      deadlineAt: invitation.deadlineAt,
      link: surveyLink(input.publicUrl, input.token),
      otherForms: invitation.otherForms.map((o) => ({
        formTypeName: o.formTypeName,
        link: surveyLink(input.publicUrl, o.token),
        answered: o.answered,
      })),
      sender: t('app.owner'),
    },
    parseTemplateOverrides(invitation.mailTemplates),
  );
  queueThankYou(db, { campaignId: invitation.campaignId, to: invitation.email, ...mail });
}
