import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { command, reason } from '../command';
import type { Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import type { Message } from '../i18n/messages';
import { encodeAnswerSheet, sheetBody, type ReviewState } from '../responses/answer-encoding';
import { countAnswer, holdMask, type HoldReason } from '../responses/held-answers';
import { storeResponse } from '../responses/store-response';
import { validateAnswers } from '../responses/validate-answers';
import { vnDay } from '../time';
import { answerDeadline } from '../units/campaign-units';
import { isAssigned } from './assignments';
import { enumeratorInterviews } from './slots';

/** Interviews one upload may carry: a day's work of several enumerators' worth, far below the body limit. */
export const MAX_BATCH = 200;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** docs/DOMAIN.md § Interviews: the quality checks' thresholds. */
export const HOLD_RULES = {
  minDurationMs: 3 * MINUTE,
  burstWindowMs: 10 * MINUTE,
  /** This many interviews by one enumerator ending within the window: the last is held. */
  burstCount: 3,
  futureToleranceMs: 5 * MINUTE,
  maxAgeMs: 7 * DAY,
};

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const id = z.coerce.number().int().positive();
const instant = z.number().int().nonnegative();

const interviewSchema = z.object({
  uuid: z.string().trim().toLowerCase().regex(UUID_V4, reason('interviews.badUuid')),
  campaignId: id,
  unitId: id,
  formType: z.string().min(1).max(40),
  version: z.number().int().min(1).max(0xffff),
  startedAt: instant,
  endedAt: instant,
  /** The form's fields as the questionnaire page names them (q_<id>: option index, list of indexes or text). */
  answers: z.record(z.string().max(100), z.union([z.string().max(10_000), z.array(z.string().max(10))])),
});
export type InterviewUpload = z.input<typeof interviewSchema>;

export type InterviewReceipt =
  | { uuid: string; status: 'stored'; review: ReviewState; holds: HoldReason[] }
  /** Already held from an earlier upload: nothing stored again. */
  | { uuid: string; status: 'known' }
  | { uuid: string; status: 'refused'; message: Message };

export type SyncResult = {
  receipts: InterviewReceipt[];
  /** The uuids of this upload the server now holds (stored now or before): the device may forget them. */
  held: string[];
};

// Rows of interview_end_times older than this are of no use to the burst check any more.
const KEEP_END_TIMES_MS = 2 * DAY;

/**
 * Stores an enumerator's uploaded interviews, each device id exactly once (docs/DOMAIN.md § Interviews): refuses
 * one for a unit or form type the enumerator is not assigned, for a campaign not open, ended after the unit's
 * answer deadline or uploaded after it plus the campaign's grace; validates the answers against the questionnaire
 * version it was filled in; holds it for review when too short, identical to another by the same enumerator, one
 * of many within minutes, or timed by a clock that cannot be right. One transaction for the whole upload.
 */
export const syncInterviews = command(
  z.object({ interviews: z.array(z.unknown()).max(MAX_BATCH, reason('interviews.batchTooLarge')) }),
  ({ db, actor, now }, { interviews }): SyncResult => {
    db.$client.prepare('DELETE FROM interview_end_times WHERE ended_at < ?').run(now - KEEP_END_TIMES_MS);
    const receipts = interviews.map((raw) => receiveInterview(db, raw, actor, now));
    const held = receipts.filter((r) => r.status !== 'refused').map((r) => r.uuid);
    return { receipts, held };
  },
);

function refused(uuid: string, message: Message): InterviewReceipt {
  return { uuid, status: 'refused', message };
}

function receiveInterview(db: Db, raw: unknown, actor: Actor, now: number): InterviewReceipt {
  const parsed = interviewSchema.safeParse(raw);
  const rawUuid = String((raw as { uuid?: unknown } | null)?.uuid ?? '');
  if (!parsed.success) {
    const badUuid = parsed.error.issues.some((i) => i.path[0] === 'uuid');
    return refused(rawUuid, { key: badUuid ? 'interviews.badUuid' : 'interviews.badUpload' });
  }
  const iv = parsed.data;
  const userId = actor.userId ?? 0;
  const campaign = db.$client
    .prepare('SELECT status, interview_grace_hours AS graceHours FROM campaigns WHERE id = ?')
    .get(iv.campaignId) as { status: string; graceHours: number } | undefined;
  if (!campaign || !isAssigned(db, iv.campaignId, userId, iv.unitId, iv.formType))
    return refused(iv.uuid, { key: 'interviews.notAssigned' });

  const mine = enumeratorInterviews(db, iv.campaignId, iv.unitId, iv.formType, userId);
  if (mine.some((s) => s.mark.uuid === iv.uuid)) return { uuid: iv.uuid, status: 'known' };

  if (campaign.status !== 'open') return refused(iv.uuid, { key: 'interviews.campaignNotOpen' });
  const deadline = answerDeadline(db, iv.campaignId, iv.unitId);
  if (deadline !== null && iv.endedAt > deadline)
    return refused(iv.uuid, { key: 'interviews.afterDeadline' });
  if (deadline !== null && now > deadline + campaign.graceHours * HOUR)
    return refused(iv.uuid, { key: 'interviews.syncTooLate', params: { hours: campaign.graceHours } });
  if (iv.startedAt > iv.endedAt) return refused(iv.uuid, { key: 'interviews.badTimes' });

  const form = getCachedFormDefinition(db, iv.campaignId, iv.formType, iv.version);
  if (!form) return refused(iv.uuid, { key: 'interviews.unknownVersion', params: { version: iv.version } });
  const checked = validateAnswers(form.definition, iv.answers);
  if (!checked.ok) {
    const questionId = Object.keys(checked.errors)[0]!;
    return refused(iv.uuid, {
      key: 'interviews.invalidAnswers',
      params: { question: questionId },
    });
  }

  const clockWrong =
    iv.endedAt > now + HOLD_RULES.futureToleranceMs || now - iv.endedAt > HOLD_RULES.maxAgeMs;
  const day = vnDay(clockWrong ? now : iv.endedAt);
  const mark = { enumeratorId: userId, rejectReason: 0, uuid: iv.uuid };
  // Encoded as it is stored: bodies compare only at the same layout and slot size.
  const sheet = { version: iv.version, day, answers: checked.answers, interview: mark };
  const body = sheetBody(encodeAnswerSheet(form.definition, sheet));
  const holds: HoldReason[] = [];
  if (iv.endedAt - iv.startedAt < HOLD_RULES.minDurationMs) holds.push('too_fast');
  if (mine.some((s) => s.content.readUInt16BE(1) === iv.version && sheetBody(s.content).equals(body)))
    holds.push('same_answers');
  if (endedNearby(db, userId, iv.endedAt) + 1 >= HOLD_RULES.burstCount) holds.push('many_in_minutes');
  if (clockWrong) holds.push('clock');
  db.$client
    .prepare('INSERT INTO interview_end_times (user_id, ended_at) VALUES (?, ?)')
    .run(userId, iv.endedAt);

  const response = {
    campaignId: iv.campaignId,
    unitId: iv.unitId,
    formType: iv.formType,
    definitionVersion: iv.version,
    answers: checked.answers,
    day,
    interview: mark,
  };
  // Held like an open link's suspicious answer, in the same place and by the same review (held-answers.ts).
  storeResponse(db, response, now, holdMask(holds));
  if (holds.length === 0) countAnswer(db, iv.campaignId, iv.unitId, iv.formType);
  const review: ReviewState = holds.length > 0 ? 'held' : 'accepted';
  return { uuid: iv.uuid, status: 'stored', review, holds };
}

/** How many of the enumerator's recent interviews ended within the burst window of this one. */
function endedNearby(db: Db, userId: number, endedAt: number): number {
  return db.$client
    .prepare('SELECT count(*) FROM interview_end_times WHERE user_id = ? AND ended_at BETWEEN ? AND ?')
    .pluck()
    .get(userId, endedAt - HOLD_RULES.burstWindowMs, endedAt + HOLD_RULES.burstWindowMs) as number;
}
