import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { allQuestions, maxPoints, type FormDefinition } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { responsesTable } from '../../src/exports/responses-table';
import { readResponses } from '../../src/responses/read-responses';
import { computeCampaignScores } from '../../src/scoring/compute-campaign-scores';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';
import { cliOn } from '../helpers/cli';
import { orThrow } from '../../src/errors';

const NOW = Date.parse('2019-11-25T03:00:00Z');
const DAY = 24 * 3600_000;

const SATISFACTION = [
  { label: 'Rất không hài lòng', fraction: 0 },
  { label: 'Không hài lòng', fraction: 0.25 },
  { label: 'Bình thường', fraction: 0.5 },
  { label: 'Hài lòng', fraction: 0.75 },
  { label: 'Rất hài lòng', fraction: 1 },
];

/**
 * The edits an officer of the Sở Nội vụ makes between two rounds: a multiple-choice question, an optional and a
 * length-limited required free-text question, a 5-level satisfaction item, one question removed, points changed.
 */
function editedCbcc(def: FormDefinition): FormDefinition {
  const sections = def.sections.map((s) => ({
    ...s,
    questions: s.questions
      .filter((q) => q.id !== 'tham_nien')
      .map((q) => (q.id === 'kh_cchc' ? { ...q, points: 1 } : q)),
  }));
  sections.push({
    id: 'bo_sung',
    title: 'Câu hỏi bổ sung năm 2020',
    description: undefined,
    questions: [
      {
        id: 'kenh_thong_tin',
        text: 'Ông/Bà biết thông tin về cải cách hành chính qua những kênh nào? (chọn nhiều)',
        kind: 'multiple',
        required: true,
        points: 0,
        maxLength: 2000,
        options: [{ label: 'Cổng thông tin điện tử' }, { label: 'Hội nghị, tập huấn' }, { label: 'Báo chí' }],
      },
      {
        id: 'hai_long_2020',
        text: 'Mức độ hài lòng năm 2020 của Ông/Bà về cải cách hành chính của đơn vị',
        kind: 'single',
        required: true,
        points: 2,
        maxLength: 2000,
        options: SATISFACTION,
      },
      {
        id: 'gop_y_them',
        text: 'Góp ý thêm (không bắt buộc)',
        kind: 'text',
        required: false,
        points: 0,
        maxLength: 2000,
        options: [],
      },
      {
        id: 'kien_nghi',
        text: 'Một kiến nghị ngắn gọn nhất của Ông/Bà',
        kind: 'text',
        required: true,
        points: 0,
        maxLength: 120,
        options: [],
      },
    ],
  });
  return { ...def, sections };
}

describe('an admin edits a campaign’s questionnaire while answers already exist', () => {
  const t = createTestDb();
  // One answer per version: this suite shows each version's detail, the small-group rule has its own test.
  const campaign = makeCampaign(t.db, { now: NOW - DAY, minGroupSize: 1 });
  const unit = makeUnit(t.db, campaign.id, { code: 'SNV', deadlineAt: NOW + 10 * DAY, quotas: { cbcc: 4 } });
  const people = [1, 2, 3].map((i) =>
    makeRespondent(t.db, campaign.id, unit.id, { email: `nguoi${i}@soctrang.gov.vn` }),
  );
  const tokenOf = (i: number) => people[i]!.invitations[0]!.token;
  const app = testApp(t.db, t.dir, { clock: () => NOW });
  const editPath = `/admin/campaigns/${campaign.id}/forms/cbcc`;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    admin = await signIn(app, 'snv.admin');
  });
  afterAll(() => t.cleanup());

  const versions = () =>
    (
      t.db.$client
        .prepare("select version from form_definitions where campaign_id = ? and form_type = 'cbcc'")
        .all(campaign.id) as { version: number }[]
    ).map((r) => r.version);

  async function saveText(text: string) {
    const csrf = await csrfFrom(admin, editPath);
    return admin.post(editPath).type('form').send({ _csrf: csrf, definition: text });
  }

  async function answer(i: number, body: Record<string, string | string[]>) {
    const { cookie, csrf } = await csrfFor(app, tokenOf(i));
    return request(app)
      .post(`/s/${tokenOf(i)}`)
      .set('Cookie', cookie)
      .type('form')
      .send(encodeForm({ ...body, _csrf: csrf }));
  }

  const v1 = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
  const v2 = editedCbcc(v1);

  it('links the forms page to an editor holding the current questionnaire as JSON', async () => {
    const list = (await admin.get(`/admin/campaigns/${campaign.id}/forms`)).text;
    expect(list).toContain(`href="${editPath}"`);
    const page = await admin.get(editPath);
    expect(page.status).toBe(200);
    const text = /<textarea[^>]*name="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.text)?.[1] ?? '';
    const unescaped = text
      .replace(/&#34;/g, '"')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(JSON.parse(unescaped)).toEqual(v1);
  });

  it('keeps the responses already received on the version they answered', async () => {
    expect((await answer(0, validAnswers(v1))).status).toBe(303);
    const saved = await saveText(JSON.stringify(v2, null, 2));
    expect(saved.status).toBe(303);
    expect(versions()).toEqual([1, 2]);
    expect(getFormDefinition(t.db, campaign.id, 'cbcc')!.definition).toEqual(v2);

    const list = (await admin.get(`/admin/campaigns/${campaign.id}/forms`)).text;
    expect(list).toContain('Phiên bản 2');
    expect(list).toContain('Mức độ hài lòng năm 2020');
    expect(list).not.toContain('Thời gian công tác trong cơ quan nhà nước');
    const audit = t.db.$client.prepare('select action, detail from audit_log').all() as { action: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'form.update' }));
  });

  it('gives links opened after the edit the new version, and scores each response with its own', async () => {
    const form = (await request(app).get(`/s/${tokenOf(1)}`)).text;
    expect(form).toContain('Mức độ hài lòng năm 2020');
    expect(form).toContain('type="checkbox"');
    expect(form).toContain('maxlength="120"');
    expect(form).not.toContain('Thời gian công tác trong cơ quan nhà nước');
    // Everything on the first option: the satisfaction item's first level is worth 0.
    expect((await answer(1, validAnswers(v2))).status).toBe(303);

    const stored = readResponses(t.db, campaign.id);
    expect(stored.map((r) => r.version).sort()).toEqual([1, 2]);
    const [score] = computeCampaignScores(t.db, campaign.id);
    const rawV1 = maxPoints(v1);
    const rawV2 = maxPoints(v2) - 2;
    expect(score!.received).toBe(2);
    expect(score!.raw).toBeCloseTo((rawV1 + rawV2) / 2, 10);
    expect(score!.final).toBeCloseTo(((rawV1 + rawV2) / 2) * (2 / 4), 10);

    const breakdown = (await admin.get(`/admin/campaigns/${campaign.id}/results/units/${unit.id}`)).text;
    expect(breakdown).toContain('Phiên bản phiếu 1: 1 phiếu');
    expect(breakdown).toContain('Phiên bản phiếu 2: 1 phiếu');
    expect(breakdown).toContain('Mức độ hài lòng năm 2020');
    expect(breakdown).toContain('Thời gian công tác trong cơ quan nhà nước');
    const csv = (await admin.get(`/admin/campaigns/${campaign.id}/results.csv`)).text;
    // Version, received, quota, max points, raw, final, reduction: full precision, from the hand computation.
    const raw = (rawV1 + rawV2) / 2;
    expect(csv).toContain(`,SNV,Đơn vị SNV,`);
    expect(csv).toContain(`,2,2,4,${maxPoints(v2)},${raw},${raw / 2},${raw / 2},`);

    const table = responsesTable(t.db, campaign.id);
    expect(table.headers).toContain('Góp ý thêm (không bắt buộc) [cbcc.gop_y_them]');
    expect(table.headers).toContain('Thời gian công tác trong cơ quan nhà nước [cbcc.tham_nien]');
  });

  it('refuses text that is not JSON with the line and column, keeping the text and the current version', async () => {
    const broken = JSON.stringify(v2, null, 2).replace(
      '"title": "Thông tin chung"',
      '"title": "Thông tin chung",,',
    );
    const res = await saveText(broken);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Nội dung không phải JSON hợp lệ.*dòng \d+, cột \d+/);
    expect(res.text).toContain('&#34;Thông tin chung&#34;,,');
    expect(versions()).toEqual([1, 2]);
  });

  it('names each mistake of a bad definition in Vietnamese, with where it is', async () => {
    const bad = JSON.parse(JSON.stringify(v2)) as {
      sections: { questions: Record<string, unknown>[] }[];
    };
    const extra = bad.sections.at(-1)!.questions;
    extra[0]!.points = 1; // a multiple-choice question cannot be scored
    (extra[1]!.options as { fraction: number }[])[4]!.fraction = 1.5;
    extra[2]!.requried = false; // a typo must not be dropped silently
    extra[3]!.id = 'kenh_thong_tin';
    const res = await saveText(JSON.stringify(bad, null, 2));
    expect(res.status).toBe(422);
    const n = v2.sections.length;
    expect(res.text).toContain(`Phần ${n}, câu 1 (kenh_thong_tin)`);
    expect(res.text).toContain('Câu tính điểm phải là câu chọn một');
    expect(res.text).toContain(`Phần ${n}, câu 2 (hai_long_2020), lựa chọn 5, fraction`);
    expect(res.text).toContain('không được lớn hơn 1');
    expect(res.text).toContain('requried');
    expect(res.text).toContain('Mã câu hỏi bị trùng: kenh_thong_tin');
    expect(versions()).toEqual([1, 2]);
  });

  it('saves nothing when the text did not change', async () => {
    const res = await saveText(JSON.stringify(v2));
    expect(res.status).toBe(303);
    expect(versions()).toEqual([1, 2]);
  });

  it('edits from the command line: show prints the JSON, update validates and stores a version', async () => {
    const cli = cliOn(t.file);
    const id = String(campaign.id);
    const shown = (await cli('form', 'show', '--campaign', id, '--form', 'cbcc')).stdout;
    expect(JSON.parse(shown)).toEqual(v2);

    const file = path.join(t.dir, 'cbcc.json');
    fs.writeFileSync(file, shown.replace('"points": 2', '"points": "hai"'));
    await expect(cli('form', 'update', file, '--campaign', id, '--form', 'cbcc')).rejects.toMatchObject({
      stderr: expect.stringContaining('(hai_long_2020), points: phải là số'),
    });
    expect(versions()).toEqual([1, 2]);

    const v3 = { ...v2, title: 'Phiếu khảo sát năm 2020' };
    fs.writeFileSync(file, JSON.stringify(v3, null, 2));
    const out = (await cli('form', 'update', file, '--campaign', id, '--form', 'cbcc')).stdout;
    expect(out).toContain('Đã lưu phiên bản 3');
    expect(versions()).toEqual([1, 2, 3]);
  });

  it('refuses to edit the questionnaire of a closed campaign', async () => {
    orThrow(closeCampaign(t.db, { campaignId: campaign.id }, { userId: null, name: 'test' }, NOW));
    expect((await admin.get(editPath)).text).toContain('Đợt khảo sát đã chốt');
    const csrf = await csrfFrom(admin, `/admin/campaigns/${campaign.id}/forms`);
    const res = await admin
      .post(editPath)
      .type('form')
      .send({ _csrf: csrf, definition: JSON.stringify(v2) });
    expect(res.status).toBe(409);
    expect(versions()).toEqual([1, 2, 3]);
    expect(allQuestions(getFormDefinition(t.db, campaign.id, 'cbcc')!.definition)).toHaveLength(
      allQuestions(v2).length,
    );
  });
});
