import type { Response } from 'express';
import type { Db } from '../db/client';
import { getCampaign } from '../campaigns/campaigns';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { allQuestions } from '../forms/definition';
import { t, type Translate } from '../i18n/messages';
import { openThresholds } from '../open-links/checks';
import { campaignPosters, posterDocument } from '../open-links/posters';
import { listHeldAnswers } from '../responses/held-answers';
import { listCampaignUnits, listFormTypes } from '../units/campaign-units';

/** The printable posters of a campaign's live open links (of some units only), one A4 sheet each. */
export async function renderPosters(
  db: Db,
  publicUrl: string,
  res: Response,
  campaignId: number,
  unitIds?: number[],
) {
  const campaign = getCampaign(db, campaignId);
  const posters = await campaignPosters(db, campaign.id, publicUrl, unitIds);
  res
    .type('html')
    .send(await posterDocument(posters, `${t('open.poster.title')} · ${campaign.name}`, 'linked'));
}

/** The held answers of a campaign as the review page lists them: per unit, each reason and answer in words. */
export function heldAnswersView(db: Db, campaignId: number, tr: Translate) {
  const limits = openThresholds(db, campaignId);
  const units = new Map(listCampaignUnits(db, campaignId).map((u) => [u.id, u]));
  const formNames = new Map(listFormTypes(db).map((f) => [f.code, f.name]));
  return listHeldAnswers(db, campaignId).map((held) => {
    const form = getCachedFormDefinition(db, campaignId, held.formType, held.version);
    const questions = new Map((form ? allQuestions(form.definition) : []).map((q) => [q.id, q] as const));
    return {
      ...held,
      unitName: units.get(held.unitId)?.name ?? `#${held.unitId}`,
      formTypeName: formNames.get(held.formType) ?? held.formType,
      reasonTexts: held.reasons.map((r) =>
        held.interview || r === 'many_in_minutes' || r === 'clock'
          ? tr(`interviews.holds.${r}`)
          : tr(`open.held.reason.${r}`, {
              seconds: limits.minSeconds,
              n: r === 'address_limit' ? limits.addressHourlyLimit : limits.sameAnswersLimit,
              minutes: limits.sameMinutes,
            }),
      ),
      answerTexts: held.answers.map((a) => {
        const q = questions.get(a.questionId);
        return `${q?.text ?? a.questionId}: ${a.optionIndex >= 0 ? (q?.options[a.optionIndex]?.label ?? a.optionIndex) : a.textValue}`;
      }),
    };
  });
}
