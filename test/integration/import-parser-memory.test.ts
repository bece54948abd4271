import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../src/i18n/messages';
import { IMPORT_LIMITS } from '../../src/imports/import-limits';
import { previewImport } from '../../src/imports/run-import';
import { HEADER_ONLY_SHEET, sharedStringsOf, workbook } from '../helpers/bomb-files';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { inVietnamese } from '../helpers/import-files';

// The parsing threads of this file start with a heap this low, which makes an ordinary large workbook the
// file that "still gets through" every bound.
const HEAP_MB = 64;
const defaultHeapMb = IMPORT_LIMITS.parserHeapMb;
let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
beforeAll(() => {
  IMPORT_LIMITS.parserHeapMb = HEAP_MB;
  ctx = createTestDb();
  campaignId = makeCampaign(ctx.db).id;
  makeUnit(ctx.db, campaignId, { code: 'SNV', quotas: { cbcc: 30 } });
});
afterAll(() => {
  IMPORT_LIMITS.parserHeapMb = defaultHeapMb;
  ctx.cleanup();
});

const preview = (name: string, content: Buffer | string) => {
  const filePath = path.join(ctx.dir, name);
  fs.writeFileSync(filePath, content);
  return previewImport(ctx.db, { campaignId, kind: 'respondents', filePath, fileName: name });
};

describe('a file within every bound that exhausts the parsing thread’s memory', () => {
  it('fails its own import with the memory message, and the next file is read as usual', async () => {
    // 31 million characters of shared strings: under their bound, far over a 64 MB heap.
    const strings = sharedStringsOf(`<si><t>${'Đ'.repeat(999)}</t></si>`, 30);
    expect(strings.size).toBeLessThan(IMPORT_LIMITS.contentBytes);
    const report = await preview('lon.xlsx', workbook(HEADER_ONLY_SHEET, strings));
    expect(report.usable).toBe(false);
    expect(inVietnamese(report).errors).toEqual([
      { row: 0, message: t('imports.limits.parserHeapMb', { limit: HEAP_MB }) },
    ]);

    const next = await preview('sau.csv', 'email,ma_don_vi,loai_phieu\na@soctrang.gov.vn,SNV,cbcc\n');
    expect(next).toMatchObject({ usable: true, validRows: 1, errors: [] });
  });
});
