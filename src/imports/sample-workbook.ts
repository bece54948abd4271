import ExcelJS from 'exceljs';
import type { ImportKind } from './types';

// The first row is the header the importer recognises (Vietnamese synonyms from columns.ts); the rows below
// are an example an officer overwrites. Units come from the Sóc Trăng 2018 list.
const SAMPLES: Record<ImportKind, { sheet: string; rows: unknown[][] }> = {
  units: {
    sheet: 'Đơn vị',
    rows: [
      [
        'Mã ĐV',
        'Tên cơ quan, đơn vị',
        'Nhóm đơn vị',
        'Số phiếu CBCCVC',
        'Số phiếu HĐND',
        'Ngày gửi phiếu',
        'Thời hạn',
      ],
      [
        'SNV',
        'Sở Nội vụ',
        'so_nganh',
        12,
        0,
        new Date(Date.UTC(2019, 10, 20)),
        new Date(Date.UTC(2019, 11, 4)),
      ],
      [
        'VCHAU',
        'UBND thị xã Vĩnh Châu',
        'ubnd_huyen',
        8,
        4,
        new Date(Date.UTC(2019, 10, 20)),
        new Date(Date.UTC(2019, 11, 4)),
      ],
    ],
  },
  respondents: {
    sheet: 'Người khảo sát',
    rows: [
      ['Địa chỉ email', 'Họ và tên', 'Mã ĐV', 'Loại phiếu khảo sát'],
      ['nguyen.van.an@snv.soctrang.gov.vn', 'Nguyễn Văn An', 'SNV', 'cbcc'],
      ['tran.thi.binh@vinhchau.soctrang.gov.vn', 'Trần Thị Bình', 'VCHAU', 'hdnd'],
    ],
  },
  points: {
    sheet: 'Điểm thẩm định',
    rows: [
      ['Mã ĐV', 'Tên cơ quan, đơn vị', 'Điểm thẩm định', 'Điểm tối đa'],
      ['SNV', 'Sở Nội vụ', 58.25, 68],
      ['VCHAU', 'UBND thị xã Vĩnh Châu', 55.5, 68],
    ],
  },
};

/** A downloadable example workbook with the columns an import of this kind expects. */
export async function sampleWorkbook(kind: ImportKind): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sample = SAMPLES[kind];
  const sheet = workbook.addWorksheet(sample.sheet);
  for (const row of sample.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 24;
  });
  if (kind === 'units') for (const cell of ['F', 'G']) sheet.getColumn(cell).numFmt = 'dd/mm/yyyy';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
