import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { plainDetail } from '../audit/audit-detail';
import { command, reason } from '../command';
import { campaignIdField, getCampaign } from './campaigns';
import { reportSettings, UNIT_GROUPS, type UnitGroup } from '../db/schema';
import { AppError } from '../errors';
import { readDecimal } from '../numbers';
import { getReportSettings } from './report-settings';

const badPoints = reason('results.settings.badPoints');
/** Points typed "32" or "32,5": more than 0 and at most the index's 100. */
const pointsField = z.preprocess(
  (value) => (value === '' || value === undefined ? undefined : (readDecimal(value) ?? Number.NaN)),
  z.number({ error: badPoints }).gt(0, badPoints).max(100, badPoints).optional(),
);
const line = z.string().trim().max(200).optional();

const settingsEdit = z.object({
  campaignId: campaignIdField,
  superior: line,
  issuer: line,
  place: line,
  /** One recipient per line. */
  recipients: z.string().max(2000).optional(),
  signerTitle: line,
  signerName: line,
  ...(Object.fromEntries(UNIT_GROUPS.map((g) => [`points_${g}`, pointsField])) as Record<
    `points_${UnitGroup}`,
    typeof pointsField
  >),
});
export type ReportSettingsEdit = z.input<typeof settingsEdit>;

/**
 * Sets how the campaign's report is headed and signed and what the survey part of the index is worth per unit
 * group; what is not given stays. The scale is frozen with the close (docs/DOMAIN.md § Index and ranking): a
 * closed campaign refuses a change of points, not of the letter's wording. Audited.
 */
export const updateReportSettings = command(settingsEdit, ({ db, actor, now }, data) => {
  const campaign = getCampaign(db, data.campaignId);
  const current = getReportSettings(db, data.campaignId);
  const surveyPoints = Object.fromEntries(
    UNIT_GROUPS.map((g) => [g, data[`points_${g}`] ?? current.surveyPoints[g]]),
  ) as Record<UnitGroup, number>;
  const scaleChanged = UNIT_GROUPS.some((g) => surveyPoints[g] !== current.surveyPoints[g]);
  if (scaleChanged && campaign.status === 'closed') {
    throw new AppError('campaign_closed', 'results.settings.scaleFrozen', {}, `points_${UNIT_GROUPS[0]}`);
  }
  const row = {
    surveyPoints,
    superior: data.superior ?? current.superior,
    issuer: data.issuer ?? current.issuer,
    place: data.place ?? current.place,
    recipients:
      data.recipients === undefined
        ? current.recipients.join('\n')
        : data.recipients
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '')
            .join('\n'),
    signerTitle: data.signerTitle ?? current.signerTitle,
    signerName: data.signerName ?? current.signerName,
  };
  db.insert(reportSettings)
    .values({ campaignId: data.campaignId, ...row })
    .onConflictDoUpdate({ target: reportSettings.campaignId, set: row })
    .run();
  const scale = UNIT_GROUPS.map((g) => `${g}=${surveyPoints[g]}`).join(', ');
  recordAudit(db, actor, 'report.settings', { campaignId: data.campaignId, detail: plainDetail(scale) }, now);
  return getReportSettings(db, data.campaignId);
});
