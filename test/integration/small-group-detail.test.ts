import { parse } from 'csv-parse/sync';
import { getCampaign } from '../../src/campaigns/campaigns';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { storeResponse } from '../../src/responses/store-response';
import { vnDateTime } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { randomAnswers, seededRandom } from '../helpers/scoring-fixture';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

// docs/DOMAIN.md § Anonymity and personal data: a unit, form type and day answered by one person shows that
// person's answers to whoever knows who answered that day, so detail waits for a group of the campaign's size.
describe('per-question detail of small groups', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const random = seededRandom(12);
  const units = {
    few: makeUnit(t.db, campaign.id, { code: 'IT', name: 'Sở Ít Phiếu' }),
    oneLateDay: makeUnit(t.db, campaign.id, { code: 'LE', name: 'Sở Một Ngày Lẻ' }),
    even: makeUnit(t.db, campaign.id, { code: 'DU', name: 'Sở Đủ Phiếu' }),
  };
  const answer = (unitId: number, day: string, count: number, text: string) => {
    for (let i = 0; i < count; i++) {
      const sheet = randomAnswers(t.db, campaign.id, 'cbcc', random, `${text} ${i}`);
      storeResponse(
        t.db,
        { campaignId: campaign.id, unitId, formType: 'cbcc', ...sheet },
        vnDateTime(day, 9, i),
      );
    }
  };
  answer(units.few.id, '2019-12-01', 2, 'Ý kiến nhóm nhỏ');
  answer(units.oneLateDay.id, '2019-12-01', 3, 'Ý kiến ngày đầu');
  answer(units.oneLateDay.id, '2019-12-02', 1, 'Ý kiến ngày lẻ');
  answer(units.even.id, '2019-12-01', 3, 'Ý kiến ngày một');
  answer(units.even.id, '2019-12-02', 3, 'Ý kiến ngày hai');
  const app = testApp(t.db, t.dir, { clock: () => vnDateTime('2019-12-03', 9, 0) });
  const base = `/admin/campaigns/${campaign.id}`;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    await makeUser(t.db, 'quantri', 'admin');
    admin = await signIn(app, 'quantri');
  });
  afterAll(() => t.cleanup());

  it('is 5 forms unless the admin sets it; the campaign form refuses a bad value in Vietnamese and keeps the old', async () => {
    expect(campaign.minGroupSize).toBe(5);
    const edit = async (minGroupSize: string) => {
      const csrf = await csrfFrom(admin, `${base}/edit`);
      return admin
        .post(`${base}/edit`)
        .type('form')
        .send({
          _csrf: csrf,
          name: campaign.name,
          year: String(campaign.year),
          mailSubject: campaign.mailSubject,
          minGroupSize,
        });
    };
    const refused = await edit('0');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Số phiếu tối thiểu phải là số nguyên từ 1 đến 100.');
    expect(getCampaign(t.db, campaign.id).minGroupSize).toBe(5);
    expect((await edit('3')).status).toBe(303);
    expect(getCampaign(t.db, campaign.id).minGroupSize).toBe(3);
    expect((await admin.get(`${base}/edit`)).text).toMatch(
      /id="minGroupSize" name="minGroupSize"[^>]*value="3"/,
    );
  });

  it('hides the questions of a unit whose form type has fewer forms, and shows them from the threshold on', async () => {
    const question = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition.sections[1]!.questions[0]!.text;
    const few = (await admin.get(`${base}/results/units/${units.few.id}`)).text;
    expect(few).toContain('Mới có 2 phiếu (dưới 3): không hiển thị chi tiết từng câu hỏi');
    expect(few).not.toContain(question);
    expect(few).toContain('<strong>2/10</strong>'); // the counts and the score stay
    const even = (await admin.get(`${base}/results/units/${units.even.id}`)).text;
    expect(even).not.toContain('không hiển thị chi tiết');
    expect(even).toContain(question);
  });

  it('leaves small groups out of the responses export and blanks days shared by too few', async () => {
    const res = await admin.get(`${base}/responses.csv`).buffer(true);
    const [header, ...rows] = parse(res.text, { bom: true }) as string[][];
    const text = header!.findIndex((h) => h.includes('[cbcc.de_xuat]'));
    const rowsOf = (code: string) => rows.filter((r) => r[0] === code);
    expect(rowsOf('IT')).toEqual([]);
    expect(res.text).not.toContain('Ý kiến nhóm nhỏ');
    // 3 forms on the 1st and 1 on the 2nd: blanking the 2nd alone would point at its one form, so both go.
    expect(rowsOf('LE').map((r) => r[3])).toEqual(['', '', '', '']);
    expect(
      rowsOf('LE')
        .map((r) => r[text]!.replace(/ \d$/, ''))
        .sort(),
    ).toEqual(['Ý kiến ngày lẻ', ...Array(3).fill('Ý kiến ngày đầu')]);
    expect(rowsOf('DU').map((r) => r[3])).toEqual([
      ...Array(3).fill('2019-12-01'),
      ...Array(3).fill('2019-12-02'),
    ]);
  });
});
