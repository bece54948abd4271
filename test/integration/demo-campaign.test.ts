import { createTestDb } from '../helpers/db';
import { createDemoCampaign, DEMO_STATUS_UNITS } from '../../src/demo/create-demo-campaign';
import { getCampaignDashboard } from '../../src/campaigns/dashboard';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { UNIT_STATUSES } from '../../src/campaigns/unit-status';
import { vnDateTime } from '../../src/time';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { orThrow } from '../../src/errors';
import { getCampaignResults } from '../../src/campaigns/campaign-results';
import { getIndexRanking } from '../../src/campaigns/index-ranking';
import { getReportSettings } from '../../src/campaigns/report-settings';
import { superviseCampaign } from '../../src/interviews/supervision';

let ctx: ReturnType<typeof createTestDb>;
beforeEach(() => (ctx = createTestDb()));
afterEach(() => ctx.cleanup());

describe('demo campaign', () => {
  it('loads the 47 Sóc Trăng units in their four groups with quotas, schedule and respondents, and opens', async () => {
    const now = Date.UTC(2026, 10, 23, 5);
    const demo = await createDemoCampaign(ctx.db, now);
    expect(demo.campaign).toMatchObject({
      name: 'Khảo sát trực tuyến Chỉ số CCHC 2019',
      year: 2019,
      status: 'open',
    });
    expect(demo.units.errors).toEqual([]);
    expect(demo.respondents.errors).toEqual([]);
    // Appraised points for all 47, some rows naming the unit only (as the scoring software exports them).
    expect(demo.points.errors).toEqual([]);
    expect(demo.points.summary).toEqual({ created: 47, updated: 0, unchanged: 0 });
    // Open links for the 47 units and the campaign-wide one, for citizens and for organisations.
    expect(demo.openLinks.created).toBe(2 * 47 + 2);
    // Two enumerators to try the interview app with, assigned a few units.
    expect(demo.enumerators.map((e) => [e.username, typeof e.password])).toEqual([
      ['dieutra.vien1', 'string'],
      ['dieutra.vien2', 'string'],
    ]);
    expect(
      superviseCampaign(ctx.db, demo.campaign.id).assignments.map((a) => `${a.username} ${a.unitCode}`),
    ).toEqual(['dieutra.vien1 SNV', 'dieutra.vien1 STP', 'dieutra.vien2 SNV', 'dieutra.vien2 STC']);

    const groups = ctx.db.$client
      .prepare(
        `select u."group" as g, count(*) as n from campaign_units cu join units u on u.id = cu.unit_id
         where cu.campaign_id = ? group by u."group"`,
      )
      .all(demo.campaign.id);
    expect(groups).toEqual(
      expect.arrayContaining([
        { g: 'so_nganh', n: 21 },
        { g: 'ubnd_huyen', n: 11 },
        { g: 'dvsn', n: 8 },
        { g: 'co_quan_tw', n: 7 },
      ]),
    );

    const progress = getCampaignProgress(ctx.db, demo.campaign.id);
    const hct = progress.filter((p) => p.unitCode === 'HCT');
    expect(hct.map((p) => [p.unitName, p.formType, p.quota])).toEqual([
      ['Huyện Châu Thành', 'cbcc', 50],
      ['Huyện Châu Thành', 'hdnd', 30],
    ]);
    expect(hct[0]!.deadlineAt).toBe(vnDateTime('2026-12-12', 17, 0));
    expect(hct.every((p) => p.invited > 0)).toBe(true);
    const people = demo.respondents.summary.created;
    expect(people).toBeGreaterThanOrEqual(200);
    const invitations = progress.reduce((sum, p) => sum + p.invited, 0);
    expect(invitations).toBe(demo.respondents.summary.invitationsCreated);
    // Some people answer both forms: more invitations than people.
    expect(invitations).toBeGreaterThan(people);
    expect(new Set(progress.filter((p) => p.invited > 0).map((p) => p.unitCode)).size).toBe(47);

    // A new user sees every dashboard status at once.
    const { units } = getCampaignDashboard(ctx.db, demo.campaign.id, now);
    const statusOf = (code: string) => units.find((u) => u.unitCode === code)!.status;
    expect(statusOf(DEMO_STATUS_UNITS.reached)).toBe('reached');
    expect(statusOf(DEMO_STATUS_UNITS.behind)).toBe('behind');
    expect(statusOf(DEMO_STATUS_UNITS.overdue)).toBe('overdue');
    expect(statusOf('HCT')).toBe('listShort');
    expect(new Set(units.map((u) => u.status))).toEqual(new Set(UNIT_STATUSES));
    // The invented people's thank-you mails never leave the outbox.
    expect(ctx.db.$client.prepare(`select count(*) from mail_outbox`).pluck().get()).toBe(0);
  });

  it('shows a new user the ranking of every unit once closed, on the signed report’s letterhead', async () => {
    const demo = await createDemoCampaign(ctx.db, Date.UTC(2026, 10, 23, 5));
    orThrow(closeCampaign(ctx.db, { campaignId: demo.campaign.id }, SYSTEM_ACTOR, Date.UTC(2026, 11, 20)));
    const ranking = getIndexRanking(ctx.db, getCampaignResults(ctx.db, demo.campaign.id));
    expect(ranking.map((g) => [g.group, g.units.length, g.units[0]!.rank])).toEqual([
      ['so_nganh', 21, 1],
      ['ubnd_huyen', 11, 1],
      ['dvsn', 8, 1],
      ['co_quan_tw', 7, 1],
    ]);
    expect(ranking.flatMap((g) => g.units).every((u) => u.rank !== null)).toBe(true);
    expect(getReportSettings(ctx.db, demo.campaign.id)).toMatchObject({
      superior: 'UBND TỈNH SÓC TRĂNG',
      issuer: 'SỞ NỘI VỤ',
      signerTitle: 'GIÁM ĐỐC',
    });
  });

  it('can run twice: a second campaign reusing the same units', async () => {
    const first = await createDemoCampaign(ctx.db, Date.UTC(2026, 0, 5));
    const second = await createDemoCampaign(ctx.db, Date.UTC(2026, 0, 5));
    expect(second.campaign.id).not.toBe(first.campaign.id);
    expect(second.scheduleYear).toBe(2026);
    expect(ctx.db.$client.prepare('select count(*) from units').pluck().get()).toBe(47);
    expect(second.respondents.summary.created).toBe(first.respondents.summary.created);
  });
});
