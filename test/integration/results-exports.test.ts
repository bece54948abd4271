import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { getScoreSnapshot } from '../../src/scoring/score-snapshot';
import { cliOn } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeUnit } from '../helpers/factories';
import { importPointsAndClose, seedScoredCampaign } from '../helpers/scoring-fixture';
import { makeUser, signIn, testApp } from '../helpers/web';

const NOW = Date.parse('2019-12-05T10:00:00Z');

describe('results exports that open well in Excel', () => {
  const t = createTestDb();
  // SNV, UBND_CT, DVSN, CQTW: one unit per group; DVSN gets no appraised points. STC: 1 form of 3 (−66.7%).
  const { campaign, answer } = seedScoredCampaign(t.db, NOW, { minGroupSize: 1 });
  answer(
    makeUnit(t.db, campaign.id, { code: 'STC', name: 'Sở Tài chính', quotas: { cbcc: 3 } }).id,
    'cbcc',
    1,
  );
  beforeAll(async () => {
    const lines = ['ma_don_vi,diem_tham_dinh,diem_toi_da', 'SNV,60.5,68', 'UBND_CT,"58,75",68', 'CQTW,50,68'];
    await importPointsAndClose(t.db, t.dir, campaign.id, lines, NOW);
  });
  afterAll(() => t.cleanup());

  it('writes an XLSX with 0.00 point formats, a bold total row per unit and a ranking sheet per group', async () => {
    const out = path.join(t.dir, 'ket-qua.xlsx');
    await cliOn(t.file)(
      'export',
      'results',
      '--campaign',
      String(campaign.id),
      '--format',
      'xlsx',
      '--out',
      out,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Ket qua',
      'Xếp hạng - Sở ngành',
      'Xếp hạng - UBND huyện',
      'Xếp hạng - ĐVSN',
      'Xếp hạng - Cơ quan TW',
    ]);
    const scores = workbook.worksheets[0]!;
    const header = (scores.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = scores.getRows(2, scores.rowCount - 1)!;
    const snapshot = getScoreSnapshot(t.db, campaign.id);
    for (const name of ['Điểm trước giảm trừ', 'Điểm đạt', 'Điểm giảm trừ', 'Điểm tối đa']) {
      for (const row of rows) expect(row.getCell(col(name)).numFmt).toBe('0.00');
    }
    const totals = rows.filter((r) => r.getCell(col('Loại phiếu')).value === 'Tổng đơn vị');
    expect(totals.map((r) => r.getCell(col('Mã đơn vị')).value)).toEqual([
      'SNV',
      'STC',
      'UBND_CT',
      'DVSN',
      'CQTW',
    ]);
    for (const total of totals) {
      const code = total.getCell(col('Mã đơn vị')).value;
      const own = snapshot.filter((s) => s.unitCode === code);
      expect(total.font?.bold).toBe(true);
      expect(total.getCell(col('Số phiếu nhận')).value).toBe(own.reduce((n, s) => n + s.received, 0));
      expect(total.getCell(col('Điểm đạt')).value).toBeCloseTo(
        own.reduce((n, s) => n + s.final, 0),
        4,
      );
    }
    // Every unit × form type row is still there beside the totals.
    expect(rows.length).toBe(snapshot.length + totals.length);

    const ranking = workbook.getWorksheet('Xếp hạng - ĐVSN')!;
    const rankHeader = (ranking.getRow(1).values as unknown[]).slice(1);
    expect(rankHeader.slice(0, 3)).toEqual(['Xếp hạng', 'Mã đơn vị', 'Tên đơn vị']);
    const dvsn = ranking.getRow(2);
    expect(dvsn.getCell(1).value).toBeNull();
    expect(dvsn.getCell(rankHeader.indexOf('Chỉ số CCHC') + 1).value).toBeNull();
    expect(String(dvsn.getCell(rankHeader.indexOf('Giải thích') + 1).value)).toContain(
      'chưa có điểm thẩm định',
    );
    const huyen = workbook.getWorksheet('Xếp hạng - UBND huyện')!.getRow(2);
    expect(huyen.getCell(1).value).toBe(1);
    expect(huyen.getCell(rankHeader.indexOf('Điểm thẩm định') + 1).value).toBe(58.75);
    const index = huyen.getCell(rankHeader.indexOf('Chỉ số CCHC') + 1);
    expect(index.numFmt).toBe('0.00');
    expect(index.value).toBeCloseTo(
      58.75 + (huyen.getCell(rankHeader.indexOf('Điểm XHH quy đổi') + 1).value as number),
      4,
    );
  });

  it('offers the Excel-Vietnam CSV: ; between cells, decimal commas, a BOM, read back with csv-parse', async () => {
    await makeUser(t.db, 'quan-tri', 'admin');
    const admin = await signIn(testApp(t.db, t.dir), 'quan-tri');
    const res = await admin.get(`/admin/campaigns/${campaign.id}/results.csv?dialect=vi`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('ket-qua-dot-');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(res.text, { bom: true, delimiter: ';', columns: true }) as Array<
      Record<string, string>
    >;
    const standard = await admin.get(`/admin/campaigns/${campaign.id}/results.csv?dialect=standard`);
    const plain = parse(standard.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    // Cell for cell the standard file (checked against the snapshot in results-web), numbers with a comma.
    expect(rows).toHaveLength(getScoreSnapshot(t.db, campaign.id).length);
    rows.forEach((row, i) => {
      for (const column of [
        'Số phiếu nhận',
        'Chỉ tiêu',
        'Điểm trước giảm trừ',
        'Điểm đạt',
        'Điểm giảm trừ',
      ]) {
        expect(row[column]).toBe(plain[i]![column]!.replace('.', ','));
        expect(Number(row[column]!.replace(',', '.'))).toBe(Number(plain[i]![column]));
      }
    });
    expect(rows.some((r) => r['Điểm đạt']!.includes(','))).toBe(true);
    // The explanation's percentages follow the dialect.
    const stc = (list: typeof rows) => list.find((r) => r['Mã đơn vị'] === 'STC')!['Giải thích'];
    expect(stc(rows)).toBe('đạt 1/3 phiếu → giảm 66,7% điểm');
    expect(stc(plain)).toBe('đạt 1/3 phiếu → giảm 66.7% điểm');
  });

  it('writes the vi dialect from the CLI with --dialect vi and refuses an unknown one in Vietnamese', async () => {
    const out = path.join(t.dir, 'ket-qua-vi.csv');
    const exportAs = (dialect: string) =>
      cliOn(t.file)(
        'export',
        'results',
        '--campaign',
        String(campaign.id),
        '--format',
        'csv',
        '--dialect',
        dialect,
        '--out',
        out,
      );
    await exportAs('vi');
    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFFNhóm;Mã đơn vị;Tên đơn vị;/);
    await expect(exportAs('excel')).rejects.toMatchObject({
      stderr: expect.stringContaining('Kiểu CSV phải là vi'),
    });
  });
});
