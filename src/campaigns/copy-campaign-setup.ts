import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { campaignUnits, formTypes, reportSettings, unitQuotas } from '../db/schema';
import { DEFAULT_FORMS } from '../forms/default-forms';
import { getFormDefinition, saveFormDefinition } from '../forms/get-form-definition';
import { shiftVnDay, shiftVnYears } from '../time';

type CampaignYear = { id: number; year: number };

/**
 * Gives a new campaign the questionnaires of every form type: the latest version of `source`'s when one is
 * given, else the built-in ones. With a source, also its units, their sending day and deadline moved by the
 * years between the two campaigns (2019's 04/12 becomes 2020's 04/12) and their quotas: the setup a Sở Nội vụ
 * repeats every autumn; and its report settings (point scale, issuer, recipients, signer). Never the respondents
 * (each year's lists are new, and personal data) nor the appraised points (each year's appraisal is new).
 */
export function setUpNewCampaign(db: Db, target: CampaignYear, source: CampaignYear | null): void {
  for (const { code } of db.select({ code: formTypes.code }).from(formTypes).all()) {
    const definition =
      (source && getFormDefinition(db, source.id, code)?.definition) ??
      DEFAULT_FORMS[code as keyof typeof DEFAULT_FORMS];
    if (definition) saveFormDefinition(db, target.id, code, definition);
  }
  if (!source) return;
  const years = target.year - source.year;
  for (const unit of db.select().from(campaignUnits).where(eq(campaignUnits.campaignId, source.id)).all()) {
    db.insert(campaignUnits)
      .values({
        campaignId: target.id,
        unitId: unit.unitId,
        sendOn: unit.sendOn === null ? null : shiftVnDay(unit.sendOn, years),
        deadlineAt: unit.deadlineAt === null ? null : shiftVnYears(unit.deadlineAt, years),
      })
      .run();
  }
  for (const quota of db.select().from(unitQuotas).where(eq(unitQuotas.campaignId, source.id)).all()) {
    db.insert(unitQuotas)
      .values({ ...quota, campaignId: target.id })
      .run();
  }
  const settings = db.select().from(reportSettings).where(eq(reportSettings.campaignId, source.id)).get();
  if (settings)
    db.insert(reportSettings)
      .values({ ...settings, campaignId: target.id })
      .run();
}
