import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { orThrow } from '../../src/errors';
import { t } from '../../src/i18n/messages';
import { previewImport } from '../../src/imports/run-import';
import { vnDateTime } from '../../src/time';
import { getCampaignUnit } from '../../src/units/campaign-units';
import { updateCampaignUnit, type UnitEdit } from '../../src/units/update-campaign-unit';
import { cliOn } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { inWords } from '../helpers/audit';

let ctx: ReturnType<typeof createTestDb>;
let campaignId: number;
let unitId: number;
beforeEach(() => {
  ctx = createTestDb();
  campaignId = makeCampaign(ctx.db, { open: false }).id;
  unitId = makeUnit(ctx.db, campaignId, { code: 'SNV', quotas: { cbcc: 10, hdnd: 0 } }).id;
});
afterEach(() => ctx.cleanup());

const NOW = Date.UTC(2019, 10, 1);
const edit = (fields: Partial<UnitEdit>) =>
  updateCampaignUnit(
    ctx.db,
    { campaignId, unitId, sendOn: '', deadlineDate: '', quota_cbcc: '10', quota_hdnd: '0', ...fields },
    SYSTEM_ACTOR,
    NOW,
  );

/** The errors a dry run of a one-unit file finds, by key. */
async function importErrors(quota: string, sendOn: string, deadline: string) {
  const file = writeCsv(ctx.dir, `dv-${quota}.csv`, [
    'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,ngay_gui,han_tra_loi',
    `SNV,Sở Nội vụ,so_nganh,${quota},${sendOn},${deadline}`,
  ]);
  const input = { campaignId, kind: 'units' as const, filePath: file, fileName: 'dv.csv' };
  return (await previewImport(ctx.db, input, NOW)).errors.map((e) => e.key);
}

describe('a unit’s quotas and sending day', () => {
  it('obey one quota rule whether the unit is edited or imported: a whole number from 0 to 100,000', async () => {
    for (const quota of ['100001', '-1', '2.5', 'abc']) {
      expect(edit({ quota_cbcc: quota })).toMatchObject({
        ok: false,
        code: 'invalid_input',
        fields: { quota_cbcc: { key: 'admin.units.badQuota' } },
      });
      expect(await importErrors(quota, '', '')).toEqual(['imports.badQuota']);
    }
    expect(orThrow(edit({ quota_cbcc: '100000' })).quotas.cbcc).toBe(100_000);
    expect(await importErrors('100000', '', '')).toEqual([]);
  });

  it('obey one rule for the sending day: not after the day of the answer deadline', async () => {
    expect(edit({ sendOn: '2019-12-05', deadlineDate: '2019-12-04' })).toMatchObject({
      ok: false,
      fields: { deadlineDate: { key: 'admin.units.deadlineBeforeSend' } },
    });
    expect(await importErrors('1', '05/12/2019', '04/12/2019')).toEqual(['imports.sendAfterDeadline']);
    // Sending on the deadline's own day is allowed, even when the deadline is early that morning.
    expect(
      orThrow(edit({ sendOn: '2019-12-04', deadlineDate: '2019-12-04', deadlineTime: '07:00' })),
    ).toMatchObject({ sendOn: '2019-12-04', deadlineAt: vnDateTime('2019-12-04', 7, 0) });
    expect(await importErrors('1', '04/12/2019', '07:00 04/12/2019')).toEqual([]);
  });

  it('refuses every bad field of an edit at once, by field, and writes nothing', () => {
    const before = getCampaignUnit(ctx.db, campaignId, unitId);
    const refused = edit({ sendOn: '31/02/2019', deadlineTime: '25:00', quota_hdnd: '', quota_xyz: '3' });
    expect(refused).toMatchObject({
      ok: false,
      fields: {
        sendOn: { key: 'admin.units.badDate' },
        deadlineTime: { key: 'admin.units.badTime' },
        quota_hdnd: { key: 'admin.units.badQuota' },
      },
    });
    expect(edit({ deadlineTime: '17:00' })).toMatchObject({
      fields: { deadlineTime: { key: 'admin.units.timeWithoutDate' } },
    });
    expect(edit({ quota_xyz: '3' })).toMatchObject({
      ok: false,
      fields: { quota_xyz: { key: 'admin.units.unknownFormType' } },
    });
    expect(getCampaignUnit(ctx.db, campaignId, unitId)).toEqual(before);
  });

  it('are set from the command line as from the unit’s page: only what is named changes, refusals in Vietnamese', async () => {
    orThrow(edit({ sendOn: '2019-11-20', deadlineDate: '2019-12-04' }));
    ctx.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const cli = cliOn(ctx.file);
    const set = await cli(
      'units',
      'set',
      '--campaign',
      String(campaignId),
      '--unit',
      'snv',
      '--quota',
      'hdnd=5',
    );
    expect(set.stdout).toContain(t('admin.units.saved', { unit: 'SNV (Đơn vị SNV)' }));
    expect(getCampaignUnit(ctx.db, campaignId, unitId)).toMatchObject({
      sendOn: '2019-11-20',
      deadlineAt: vnDateTime('2019-12-04', 23, 59) + 59_999,
      quotas: { cbcc: 10, hdnd: 5 },
    });
    await cli(
      'units',
      'set',
      '--campaign',
      String(campaignId),
      '--unit',
      'SNV',
      '--deadline',
      '17:00 04/12/2019',
    );
    expect(getCampaignUnit(ctx.db, campaignId, unitId).deadlineAt).toBe(vnDateTime('2019-12-04', 17, 0));
    const audit = inWords(
      ctx.db.$client
        .prepare("select actor, detail from audit_log where action = 'unit.update'")
        .all() as Array<{ actor: string; detail: string }>,
    );
    expect(audit).toHaveLength(3);
    expect(audit[2]).toMatchObject({ detail: 'SNV: hạn 17:00 ngày 04/12/2019; chỉ tiêu cbcc=10, hdnd=5' });

    const refusals = [
      [['--unit', 'SNV', '--quota', 'cbcc=-1'], t('admin.units.badQuota')],
      [['--unit', 'SNV', '--send-on', '05/12/2019'], t('admin.units.deadlineBeforeSend')],
      [['--unit', 'XYZ'], t('cli.unknownUnits', { codes: 'XYZ' })],
    ] as const;
    for (const [args, message] of refusals) {
      await expect(cli('units', 'set', '--campaign', String(campaignId), ...args)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(message),
      });
    }
    expect(getCampaignUnit(ctx.db, campaignId, unitId).quotas).toEqual({ cbcc: 10, hdnd: 5 });
  });
});
