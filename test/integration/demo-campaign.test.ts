import { createTestDb } from '../helpers/db';
import { createDemoCampaign } from '../../src/demo/create-demo-campaign';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { vnDateTime } from '../../src/time';
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
