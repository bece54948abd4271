import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { closeCampaign, reopenCampaign } from '../../src/campaigns/close-campaign';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { createDemoCampaign } from '../../src/demo/create-demo-campaign';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { previewImport } from '../../src/imports/run-import';
import { storeResponse } from '../../src/responses/store-response';
import { getCampaignResults } from '../../src/campaigns/campaign-results';
import { getIndexRanking } from '../../src/campaigns/index-ranking';
import { getReportSettings } from '../../src/campaigns/report-settings';
import { getScoreSnapshot } from '../../src/scoring/score-snapshot';
import { updateReportSettings } from '../../src/campaigns/update-report-settings';
import { SOC_TRANG_2018_UNITS } from '../../src/units/soc-trang-2018-units';
import { createTestDb } from '../helpers/db';
import { inVietnamese, writeCsv, writeXlsx } from '../helpers/import-files';
import { randomAnswers, seededRandom } from '../helpers/scoring-fixture';
import { makeUser, signIn, testApp } from '../helpers/web';

const NOW = Date.UTC(2026, 10, 23, 5);
const t = createTestDb();
afterAll(() => t.cleanup());

/** The 47 demo units in a campaign of their own (the demo's setup copied), answered unevenly, with no points yet. */
async function answeredCampaign() {
  const demo = await createDemoCampaign(t.db, NOW);
  const copy = orThrow(
    createCampaign(
      t.db,
      { name: 'Chỉ số CCHC 2020', year: 2020, copyFrom: demo.campaign.id },
      SYSTEM_ACTOR,
      NOW,
    ),
  );
  const campaign = orThrow(openCampaign(t.db, { campaignId: copy.id }, SYSTEM_ACTOR, NOW));
  const unitIds = new Map(
    (
      t.db.$client
        .prepare(
          'select u.code, u.id from campaign_units cu join units u on u.id = cu.unit_id where cu.campaign_id = ?',
        )
        .all(campaign.id) as Array<{ code: string; id: number }>
    ).map((u) => [u.code, u.id]),
  );
  const random = seededRandom(15);
  SOC_TRANG_2018_UNITS.forEach((u, i) => {
    // Every third unit answers nothing; the others part of their quota (a few all of it).
    if (i % 3 === 0) return;
    for (const [formType, quota] of [
      ['cbcc', u.quotaCbcc],
      ['hdnd', u.quotaHdnd],
    ] as const) {
      const count = Math.min(quota, 1 + ((i * 7) % Math.max(1, quota)));
      for (let n = 0; n < count; n++) {
        const answers = randomAnswers(t.db, campaign.id, formType, random);
        storeResponse(
          t.db,
          { campaignId: campaign.id, unitId: unitIds.get(u.code)!, formType, ...answers },
          NOW,
        );
      }
    }
  });
  return campaign;
}

const round2 = (n: number) => Math.round(n * 100);

describe('PAR index and ranking per unit group', () => {
  let campaignId: number;
  // Appraised points per unit code, as the file gives them; one unit has none.
  const appraised = new Map<string, number>();
  const missing = SOC_TRANG_2018_UNITS[4]!;
  // Two UBND cấp huyện that answered nothing (i % 3 === 0) get the same points: a tie.
  const tied = SOC_TRANG_2018_UNITS.filter((u, i) => u.group === 'ubnd_huyen' && i % 3 === 0).slice(0, 2);

  beforeAll(async () => {
    campaignId = (await answeredCampaign()).id;
    SOC_TRANG_2018_UNITS.forEach((u, i) => {
      if (u.code === missing.code) return;
      appraised.set(u.code, tied.includes(u) ? 55.5 : 40 + ((i * 13) % 280) / 10);
    });
  });

  it('reads the appraised points file as a dry run with row-level errors, then commits its valid rows', async () => {
    expect(tied).toHaveLength(2);
    const rows: unknown[][] = [['code', 'unit_name', 'appraised', 'max']];
    for (const u of SOC_TRANG_2018_UNITS) {
      if (appraised.has(u.code)) rows.push([u.code, u.name, appraised.get(u.code), 68]);
    }
    rows.push(
      ['KHONG_CO', 'Đơn vị lạ', 50, 68],
      ['', missing.name, 'năm mươi', 68],
      [missing.code, '', 70, 68],
    );
    const filePath = await writeXlsx(t.dir, 'appraised.xlsx', [{ name: 'Điểm', rows }]);
    const input = { campaignId, kind: 'points' as const, filePath, fileName: 'appraised.xlsx' };

    // The copy took the demo's report settings over, never its appraised points.
    expect(getReportSettings(t.db, campaignId).issuer).toBe('SỞ NỘI VỤ');
    const dryRun = await previewImport(t.db, input, NOW);
    expect(inVietnamese(dryRun).errors).toEqual([
      { row: 48, column: 'code', message: 'Mã đơn vị "KHONG_CO" không có trong đợt khảo sát này.' },
      { row: 49, column: 'appraised', message: 'Điểm phải là số từ 0 đến 100 (ví dụ 62,5): "năm mươi".' },
      { row: 50, column: 'appraised', message: 'Điểm thẩm định 70 lớn hơn điểm tối đa 68.' },
    ]);
    expect(dryRun.summary).toEqual({ created: 46, updated: 0, unchanged: 0 });
    expect(
      t.db.$client.prepare('select count(*) from index_points where campaign_id = ?').pluck().get(campaignId),
    ).toBe(0);

    const report = orThrow(await commitImport(t.db, input, SYSTEM_ACTOR, NOW));
    expect(report.summary).toEqual({ created: 46, updated: 0, unchanged: 0 });
  });

  it('ranks closed units by appraised + mapped survey points, ties sharing a rank, a unit without points unranked', async () => {
    orThrow(updateReportSettings(t.db, { campaignId, points_dvsn: '30,5' }, SYSTEM_ACTOR, NOW));
    orThrow(closeCampaign(t.db, { campaignId }, SYSTEM_ACTOR, NOW + 1000));
    const ranking = getIndexRanking(t.db, getCampaignResults(t.db, campaignId));

    // Independently: from the frozen snapshot rows, the scale and the file's points.
    const scale = { so_nganh: 32, ubnd_huyen: 32, dvsn: 30.5, co_quan_tw: 32 } as const;
    const expected = new Map<string, { index: number | null; survey: number }>();
    for (const u of SOC_TRANG_2018_UNITS) {
      const rows = getScoreSnapshot(t.db, campaignId).filter((s) => s.unitCode === u.code);
      const counted = rows.filter((s) => s.quota > 0 || s.received > 0);
      const max = counted.reduce((n, s) => n + s.maxPoints, 0);
      const final = rows.reduce((n, s) => n + s.final, 0);
      const survey = (scale[u.group] * final) / max;
      const points = appraised.get(u.code);
      expected.set(u.code, { survey, index: points === undefined ? null : points + survey });
    }
    for (const g of ranking) {
      const indexes = g.units.filter((u) => u.index !== null).map((u) => round2(u.index!));
      for (const u of g.units) {
        const e = expected.get(u.unitCode)!;
        expect(u.surveyPoints).toBeCloseTo(e.survey, 9);
        if (e.index === null) {
          expect(u).toMatchObject({ appraised: null, index: null, rank: null });
          continue;
        }
        expect(u.index).toBeCloseTo(e.index, 9);
        // Competition ranking: 1 + how many in the group have a strictly higher index (to 2 decimals).
        expect(u.rank).toBe(1 + indexes.filter((i) => i > round2(e.index!)).length);
      }
      expect(g.units.map((u) => u.unitCode).sort()).toEqual(
        SOC_TRANG_2018_UNITS.filter((u) => u.group === g.group)
          .map((u) => u.code)
          .sort(),
      );
    }
    const huyen = ranking.find((g) => g.group === 'ubnd_huyen')!.units;
    const [a, b] = tied.map((u) => huyen.find((r) => r.unitCode === u.code)!);
    expect(a!.rank).toBe(b!.rank);
    expect(huyen.filter((u) => u.rank === a!.rank! + 1)).toEqual([]);
    // The unit without points is listed last in its group.
    const own = ranking.find((g) => g.group === missing.group)!.units;
    expect(own[own.length - 1]!.unitCode).toBe(missing.code);
  });

  it('shows the frozen ranking on the results page, the missing unit as missing rather than 0', async () => {
    await makeUser(t.db, 'quan-tri', 'admin');
    const admin = await signIn(testApp(t.db, t.dir), 'quan-tri');
    const page = await admin.get(`/admin/campaigns/${campaignId}/results`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chỉ số CCHC: xếp hạng theo nhóm');
    expect(page.text).not.toContain('data-ranking-provisional');
    const row = page.text.match(new RegExp(`<tr data-unit="${missing.code}">[\\s\\S]*?</tr>`))![0];
    expect(row).toContain('chưa có điểm thẩm định');
    expect(row).toMatch(/data-rank>—</);
    expect(row).toMatch(/data-index><strong>—</);
  });

  it('refuses a re-import or a new scale once closed, and takes them again after an audited reopen', async () => {
    const filePath = writeCsv(t.dir, 'sua.csv', [
      'Mã ĐV;Điểm thẩm định;Điểm tối đa',
      `${missing.code};61,25;68`,
    ]);
    const input = { campaignId, kind: 'points' as const, filePath, fileName: 'sua.csv' };
    const refused = await commitImport(t.db, input, SYSTEM_ACTOR, NOW + 2000);
    expect(refused).toMatchObject({ ok: false, code: 'campaign_closed' });
    expect(
      updateReportSettings(t.db, { campaignId, points_so_nganh: '40' }, SYSTEM_ACTOR, NOW),
    ).toMatchObject({
      ok: false,
      message: { key: 'results.settings.scaleFrozen' },
    });
    // The letter's wording may still change.
    expect(updateReportSettings(t.db, { campaignId, signerName: 'Trần Văn B' }, SYSTEM_ACTOR, NOW).ok).toBe(
      true,
    );

    orThrow(reopenCampaign(t.db, { campaignId, reason: 'Bổ sung điểm thẩm định' }, SYSTEM_ACTOR, NOW + 3000));
    const open = getIndexRanking(t.db, getCampaignResults(t.db, campaignId));
    expect(getCampaignResults(t.db, campaignId).provisional).toBe(true);
    const report = orThrow(await commitImport(t.db, input, SYSTEM_ACTOR, NOW + 4000));
    expect(report.summary).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const after = getIndexRanking(t.db, getCampaignResults(t.db, campaignId));
    const unit = (r: typeof open) => r.flatMap((g) => g.units).find((u) => u.unitCode === missing.code)!;
    expect(unit(open).index).toBeNull();
    expect(unit(after).appraised).toBe(61.25);
    expect(unit(after).rank).not.toBeNull();
    const actions = t.db.$client
      .prepare(
        "select action from audit_log where campaign_id = ? and action in ('import.commit', 'campaign.reopen')",
      )
      .pluck()
      .all(campaignId);
    expect(actions).toEqual(['import.commit', 'campaign.reopen', 'import.commit']);
  });
});
