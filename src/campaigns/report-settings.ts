import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { reportSettings, UNIT_GROUPS, type UnitGroup } from '../db/schema';

/** What the survey part of the index is worth when the campaign does not say: 32 of 100 (QĐ 876/QĐ-BNV). */
export const DEFAULT_SURVEY_POINTS = 32;

export type ReportSettings = {
  /** Points the survey part is worth in the index, per unit group (docs/DOMAIN.md § Index and ranking). */
  surveyPoints: Record<UnitGroup, number>;
  superior: string;
  issuer: string;
  place: string;
  /** "Nơi nhận", one per line as typed. */
  recipients: string[];
  signerTitle: string;
  signerName: string;
};

/** A campaign's report settings and index scale, with the defaults for what it never set. */
export function getReportSettings(db: Db, campaignId: number): ReportSettings {
  const row = db.select().from(reportSettings).where(eq(reportSettings.campaignId, campaignId)).get();
  const points = row?.surveyPoints ?? {};
  return {
    surveyPoints: Object.fromEntries(
      UNIT_GROUPS.map((g) => [g, points[g] ?? DEFAULT_SURVEY_POINTS]),
    ) as Record<UnitGroup, number>,
    superior: row?.superior ?? '',
    issuer: row?.issuer ?? '',
    place: row?.place ?? '',
    recipients: (row?.recipients ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    signerTitle: row?.signerTitle ?? '',
    signerName: row?.signerName ?? '',
  };
}
