import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDb } from '../helpers/db';
import { seedScoredCampaign } from '../helpers/scoring-fixture';
import { cliOn } from '../helpers/cli';

describe('results CLI', () => {
  const t = createTestDb();
  // Groups of 1–4 answers: the export is checked whole here, the small-group rule has its own test.
  const { campaign } = seedScoredCampaign(t.db, Date.parse('2019-12-05T10:00:00Z'), { minGroupSize: 1 });
  afterAll(() => t.cleanup());
  const cli = cliOn(t.file);

  it('closes, refuses a reopen without a reason, prints results and exports responses as XLSX', async () => {
    const id = String(campaign.id);
    expect((await cli('close', '--campaign', id)).stdout).toContain(`Đã chốt đợt khảo sát #${id}`);
    expect((await cli('close', '--campaign', id)).stdout).toContain('kết quả không thay đổi');
    await expect(cli('reopen', '--campaign', id, '--reason', ' ')).rejects.toMatchObject({
      stderr: expect.stringContaining('Vui lòng ghi lý do'),
    });

    const csv = (await cli('results', '--campaign', id, '--format', 'csv')).stdout;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('UBND_CT');
    expect(csv).toContain('giảm 50% điểm');

    const out = path.join(t.dir, 'responses.xlsx');
    await cli('export', 'responses', '--campaign', id, '--format', 'xlsx', '--out', out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]!.rowCount).toBe(1 + 10);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });

  it('prints the results table with a header naming each column', async () => {
    const lines = (await cli('results', '--campaign', String(campaign.id))).stdout.split('\n');
    const header =
      'Mã\tCơ quan, đơn vị, địa phương\tLoại phiếu\tPhiếu nhận / chỉ tiêu\tĐiểm trước giảm trừ\tĐiểm đạt\tĐiểm giảm trừ\tGiải thích';
    expect(lines).toContain(header);
    const firstRow = lines.find((line) => line.startsWith('UBND_CT\t'))!;
    expect(firstRow.split('\t')).toHaveLength(header.split('\t').length);
    expect(lines.indexOf(header)).toBeLessThan(lines.indexOf(firstRow));
  });
});
