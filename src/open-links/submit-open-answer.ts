import type { Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import type { Message } from '../i18n/messages';
import { countAnswer, holdMask } from '../responses/held-answers';
import { storeResponse } from '../responses/store-response';
import { validateAnswers, type RawAnswers } from '../responses/validate-answers';
import { holdReasonsFor, issueNonce, spendNonce } from './checks';
import { resolveOpenLink, type OpenLinkState, type OpenTarget } from './open-links';

export type OpenSubmitInput = {
  code: string;
  /** The unit chosen on the campaign-wide link's picker (ignored for a unit's own link). */
  unitId?: number;
  answers: RawAnswers;
  /** The form's nonce (checks.ts, issueNonce). */
  nonce: string;
  /** What the hidden field held: a person never sees it, a form-filling robot fills it. */
  honeypot: string;
  /** The units and form types this browser already answered, from its signed cookie (receiptOf). */
  answeredHere: readonly string[];
  /** The client's address: hashed for the checks, never stored (docs/DOMAIN.md § Open links). */
  address: string;
};

export type OpenSubmitResult =
  /** Stored: counted, or held for review (the respondent is thanked alike). */
  | { outcome: 'accepted'; receipt: string; held: boolean }
  /** Answers to fix; the same nonce goes back in the re-rendered form. */
  | { outcome: 'invalid'; target: OpenTarget; errors: Record<string, Message> }
  /** The form's nonce was refused (expired, used, forged): a fresh one, the answers kept, nothing stored. */
  | { outcome: 'resend'; target: OpenTarget; nonce: string; why: 'invalid' | 'expired' | 'used' }
  /** This browser already answered for the unit and form type. */
  | { outcome: 'answered_here'; target: OpenTarget }
  /** The link cannot take answers. */
  | { outcome: 'refused'; state: Exclude<OpenLinkState, { state: 'open' }> };

/** What the browser's cookie records once it has answered a unit's form type (names nothing else). */
export function receiptOf(target: OpenTarget): string {
  return `${target.link.campaignId}-${target.unitId}-${target.link.formType}`;
}

/** A fresh form nonce for an open target (the form page hands it out). */
export function formNonce(db: Db, target: OpenTarget, now: number): string {
  return issueNonce(db, target.link.campaignId, target.link.code, now);
}

/**
 * Takes one answer sheet by an open link (docs/DOMAIN.md § Open links): the link and this browser's earlier
 * answer are checked and the answers validated before any write; then in one transaction (shared with the
 * submissions of the same event-loop turn: db/group-commit.ts) the link is re-checked, the nonce spent (only the
 * first of concurrent submits wins), the checks decide whether the answer is held, and it is stored anonymously
 * in its unit's slots: counted at once, or held until an admin accepts it. No audit row, no log line.
 */
export async function submitOpenAnswer(
  db: Db,
  input: OpenSubmitInput,
  now: number,
): Promise<OpenSubmitResult> {
  const before = resolveOpenLink(db, input.code, now, input.unitId);
  if (before.state !== 'open') return { outcome: 'refused', state: before };
  if (input.answeredHere.includes(receiptOf(before.target)))
    return { outcome: 'answered_here', target: before.target };
  const checked = validateAnswers(before.target.form.definition, input.answers);
  if (!checked.ok) return { outcome: 'invalid', target: before.target, errors: checked.errors };

  return inGroupCommit(db, (): OpenSubmitResult => {
    const current = resolveOpenLink(db, input.code, now, input.unitId);
    if (current.state !== 'open') return { outcome: 'refused', state: current };
    const { target } = current;
    const { campaignId, formType, code } = target.link;
    const nonce = spendNonce(db, campaignId, code, input.nonce, now);
    if (!nonce.ok) return { outcome: 'resend', target, nonce: formNonce(db, target, now), why: nonce.why };
    const reasons = holdReasonsFor(
      db,
      {
        campaignId,
        unitId: target.unitId,
        formType,
        address: input.address,
        issuedAt: nonce.issuedAt,
        honeypot: input.honeypot.trim() !== '',
        answers: checked.answers,
      },
      now,
    );
    const response = {
      campaignId,
      unitId: target.unitId,
      formType,
      definitionVersion: target.form.version,
      answers: checked.answers,
    };
    storeResponse(db, response, now, holdMask(reasons));
    if (reasons.length === 0) countAnswer(db, campaignId, target.unitId, formType);
    return { outcome: 'accepted', receipt: receiptOf(target), held: reasons.length > 0 };
  });
}
