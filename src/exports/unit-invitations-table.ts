import type { Db } from '../db/client';
import { neutralizeFormula } from './tabular';
import { t } from '../i18n/messages';
import { failureReasonOf } from '../mail/delivery-failure';
import { vnWallClock } from '../time';
import { allUnitInvitations, invitationState } from '../invitations/list-unit-invitations';

/** The unit's invitation list as an XLSX file for its focal officer: names, addresses, states; no answers. */
export async function exportUnitInvitations(db: Db, campaignId: number, unitId: number): Promise<Buffer> {
  // Loaded on first use: requiring exceljs costs ~0.8 s and ~28 MB, which every server start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t('officer.export.sheet'));
  const names = db.$client
    .prepare(
      'select c.name as campaign, u.name as unit from campaigns c, units u where c.id = ? and u.id = ?',
    )
    .get(campaignId, unitId) as { campaign: string; unit: string };
  const columns = [
    { header: t('officer.export.number'), key: 'number', width: 6 },
    { header: t('officer.export.fullName'), key: 'fullName', width: 28 },
    { header: t('officer.export.email'), key: 'email', width: 32 },
    { header: t('officer.export.form'), key: 'form', width: 34 },
    { header: t('officer.export.status'), key: 'status', width: 18 },
    { header: t('officer.export.reason'), key: 'reason', width: 28 },
    { header: t('officer.export.advice'), key: 'advice', width: 48 },
    { header: t('officer.export.sentAt'), key: 'sentAt', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: t('officer.export.answered'), key: 'answered', width: 12 },
  ];
  // Two title rows (unit, campaign) above the header, so a printed or forwarded sheet says whose list it is.
  sheet.columns = columns.map(({ header: _header, ...column }) => column);
  // Names typed by people (an import, the campaign form): never a formula either.
  sheet.addRow([neutralizeFormula(names.unit)]).font = { bold: true, size: 14 };
  sheet.addRow([neutralizeFormula(names.campaign)]);
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } };
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  allUnitInvitations(db, campaignId, unitId).forEach((row, i) => {
    const failure =
      row.answeredOn === null && row.deliveryDetail ? failureReasonOf(row.deliveryDetail) : null;
    sheet.addRow({
      number: i + 1,
      // Names and addresses come from outside: never let a spreadsheet run them as formulas.
      fullName: neutralizeFormula(row.fullName),
      email: neutralizeFormula(row.email),
      form: row.formName,
      status: t(`officer.status.${invitationState(row)}`),
      reason: failure ? t(`mail.failure.${failure}`) : '',
      advice: failure ? t(`mail.failureAdvice.${failure}`) : '',
      sentAt: row.sentAt === null ? null : vnWallClock(row.sentAt),
      answered: row.answeredOn === null ? t('officer.export.no') : t('officer.export.yes'),
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
