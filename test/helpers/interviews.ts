import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import type { Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { allQuestions } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { assignEnumerator } from '../../src/interviews/assignments';
import type { InterviewUpload } from '../../src/interviews/sync-interviews';
import { fieldName } from '../../src/responses/validate-answers';
import { makeCampaign, makeUnit } from './factories';
import { makeUser } from './web';

export const MINUTE = 60_000;

/** Every question of the campaign's current questionnaire answered with option `choice` (text: `text`). */
export function fullAnswers(db: Db, campaignId: number, formType = 'cbcc', choice = 0, text = '') {
  const form = getFormDefinition(db, campaignId, formType)!;
  const answers: Record<string, string | string[]> = {};
  for (const q of allQuestions(form.definition)) {
    if (q.kind === 'single') answers[fieldName(q.id)] = String(Math.min(choice, q.options.length - 1));
    else if (q.kind === 'multiple')
      answers[fieldName(q.id)] = [String(Math.min(choice, q.options.length - 1))];
    else if (text) answers[fieldName(q.id)] = text;
  }
  return { version: form.version, answers };
}

/** An open campaign with unit SNV (cbcc quota 10, deadline `deadlineAt`), enumerator `dtv1` assigned to it. */
export async function seedInterviewCampaign(
  db: Db,
  now: number,
  deadlineAt: number | null = now + 10 * 86_400_000,
) {
  const campaign = makeCampaign(db, { now });
  const unit = makeUnit(db, campaign.id, {
    code: 'SNV',
    name: 'Sở Nội vụ',
    deadlineAt,
    quotas: { cbcc: 10 },
  });
  const other = makeUnit(db, campaign.id, {
    code: 'STC',
    name: 'Sở Tài chính',
    deadlineAt,
    quotas: { cbcc: 10 },
  });
  const enumerator = await makeUser(db, 'dtv1', 'enumerator');
  orThrow(
    assignEnumerator(
      db,
      { campaignId: campaign.id, username: 'dtv1', unitCode: 'SNV', formType: 'cbcc', target: 20 },
      SYSTEM_ACTOR,
      now,
    ),
  );
  return { campaign, unit, other, enumerator, actor: { userId: enumerator.id, name: enumerator.username } };
}

/** One interview as the device uploads it: ended `endedAt`, lasting `minutes`. */
export function interview(
  db: Db,
  where: { campaignId: number; unitId: number },
  endedAt: number,
  opts: { minutes?: number; choice?: number; text?: string; formType?: string } = {},
): InterviewUpload {
  const formType = opts.formType ?? 'cbcc';
  const { version, answers } = fullAnswers(db, where.campaignId, formType, opts.choice ?? 0, opts.text);
  return {
    uuid: randomUUID(),
    ...where,
    formType,
    version,
    startedAt: endedAt - (opts.minutes ?? 15) * MINUTE,
    endedAt,
    answers,
  };
}
