import type { Db } from '../db/client';
import { neutralizeFormula } from './tabular';
import { t } from '../i18n/messages';
import { vnWallClock } from '../time';
import { allUnitInvitations, invitationState } from '../invitations/list-unit-invitations';

/** The unit's invitation list as an XLSX file for its focal officer: names, addresses, states; no answers. */
export async function exportUnitInvitations(db: Db, campaignId: number, unitId: number): Promise<Buffer> {
  // Loaded on first use: requiring exceljs costs ~0.8 s and ~28 MB, which every server start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t('officer.export.sheet'));
  sheet.columns = [
    { header: t('officer.export.fullName'), key: 'fullName', width: 28 },
    { header: t('officer.export.email'), key: 'email', width: 32 },
    { header: t('officer.export.form'), key: 'form', width: 34 },
    { header: t('officer.export.status'), key: 'status', width: 18 },
    { header: t('officer.export.reason'), key: 'reason', width: 40 },
    { header: t('officer.export.sentAt'), key: 'sentAt', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: t('officer.export.answered'), key: 'answered', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of allUnitInvitations(db, campaignId, unitId)) {
    sheet.addRow({
      // Names, addresses and SMTP replies come from outside: never let a spreadsheet run them as formulas.
      fullName: neutralizeFormula(row.fullName),
      email: neutralizeFormula(row.email),
      form: row.formName,
      status: t(`officer.status.${invitationState(row)}`),
      reason: row.answeredOn === null ? neutralizeFormula(row.deliveryDetail ?? '') : '',
      sentAt: row.sentAt === null ? null : vnWallClock(row.sentAt),
      answered: row.answeredOn === null ? t('officer.export.no') : t('officer.export.yes'),
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
