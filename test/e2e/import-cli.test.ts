import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeCsv } from '../helpers/import-files';
import { projectRoot } from '../../src/paths';

const exec = promisify(execFile);
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    // The tsx binary `npx tsx` resolves to, without npm's own start-up on every call.
    const { stdout } = await exec(
      path.join(projectRoot, 'node_modules/.bin/tsx'),
      ['src/cli/main.ts', ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_PATH: path.join(dir, 'cli.sqlite'), LOG_LEVEL: 'silent' },
      },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('import CLI', () => {
  it('creates and opens a campaign, dry-runs and commits units and respondents, and shows progress', async () => {
    expect((await cli('campaign', 'create', '--name', 'Khảo sát CCHC 2019', '--year', '2019')).out).toContain(
      '#1',
    );
    const units = writeCsv(dir, 'don-vi.csv', [
      'Mã đơn vị;Tên đơn vị;Nhóm;Chỉ tiêu CBCC;Chỉ tiêu HĐND;Hạn trả lời',
      'SNV;Sở Nội vụ;Sở, ban ngành;30;0;04/12/2019',
      'HCT;Huyện Châu Thành;UBND cấp huyện;50;30;17:00 11/12/2019',
    ]);
    const dry = await cli('units', 'import', units, '--campaign', '1');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Nếu ghi (--commit): thêm mới 2, cập nhật 0, không đổi 0');
    // The 2019 deadlines are long past: imported all the same, with a warning per unit.
    expect(dry.out).toContain('Cần kiểm tra (2), các dòng này vẫn được nhập:');
    expect(dry.out).toContain('Dòng 2 [Hạn trả lời]: Hạn trả lời 23:59 ngày 04/12/2019 đã qua');
    expect((await cli('units', 'import', units, '--campaign', '1', '--commit')).out).toContain(
      'Đã ghi: thêm mới 2',
    );

    const people = writeCsv(dir, 'nguoi.csv', [
      'email,ho_ten,ma_don_vi,loai_phieu',
      'a@soctrang.gov.vn,Nguyễn Văn A,SNV,cbcc',
      'b@soctrang.gov.vn,Trần Thị B,HCT,"cbcc,hdnd"',
      'sai email,C,HCT,cbcc',
    ]);
    const committed = await cli('respondents', 'import', people, '--campaign', '1', '--commit');
    expect(committed.code).toBe(0);
    expect(committed.out).toContain('Dòng 4 [email]: Địa chỉ email không hợp lệ: "sai email".');
    expect(committed.out).toContain('Đã ghi: thêm mới 2, cập nhật 0, không đổi 0; phiếu mời mới: 3');

    expect((await cli('campaign', 'open', '1')).out).toContain('Đã mở đợt khảo sát #1');
    const progress = await cli('progress', '--campaign', '1', '--unit', 'hct');
    expect(progress.out).toMatch(/HCT\s+Huyện Châu Thành\s+hdnd\s+30\s+1\s+0\s+0\s+0\s+0%/);
    expect(progress.out).not.toContain('SNV');

    fs.writeFileSync(path.join(dir, 'anh.csv'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const broken = await cli('respondents', 'import', path.join(dir, 'anh.csv'), '--campaign', '1');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('không phải là tệp CSV hoặc Excel');

    const help = await cli('respondents', 'import', '--help');
    expect(help.out).toContain('Nhập tệp CSV hoặc XLSX');
    expect(help.out).toContain('mã số đợt khảo sát');
  });
});
