import request from 'supertest';
import type { Db } from '../../src/db/client';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { t as msg, translate } from '../../src/i18n/messages';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

const NOW = Date.parse('2019-11-25T03:00:00Z');
const DAY = 24 * 3600_000;

/** The version an admin saves: one question added in a new section. */
function withAddedQuestion(def: FormDefinition): FormDefinition {
  return {
    ...def,
    sections: [
      ...def.sections,
      {
        id: 'bo_sung',
        title: 'Câu hỏi bổ sung năm 2020',
        description: undefined,
        questions: [
          {
            id: 'kenh_moi',
            text: 'Ông/Bà biết về chuyển đổi số của đơn vị qua kênh nào?',
            kind: 'multiple',
            required: true,
            points: 0,
            maxLength: 2000,
            options: [{ label: 'Cổng thông tin điện tử' }, { label: 'Hội nghị' }],
          },
        ],
      },
    ],
  };
}

/** Every table, row for row, except the sessions a sign-in creates. */
function snapshot(db: Db): string {
  const tables = (
    db.$client
      .prepare("select name from sqlite_master where type = 'table' and name <> 'sessions' order by name")
      .all() as { name: string }[]
  ).map((r) => r.name);
  return JSON.stringify(tables.map((name) => [name, db.$client.prepare(`select * from "${name}"`).all()]));
}

/** The question markup of a survey page: what is inside the form before the submit block, CSRF field aside. */
function questionsOf(html: string): string {
  const body = /<form[^>]*id="survey-form"[^>]*>([\s\S]*?)<div class="card survey-submit">/.exec(html)?.[1];
  if (body === undefined) throw new Error('no survey form on the page');
  return body.replace(/<input type="hidden" name="_csrf"[^>]*>/, '').trim();
}

const questionIds = (html: string) => [...html.matchAll(/data-question="([^"]+)"/g)].map((m) => m[1]);

describe('an admin previews a questionnaire as a respondent will see it', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db, { now: NOW - DAY });
  const unit = makeUnit(t.db, campaign.id, {
    code: 'SNV',
    name: 'Sở Nội vụ tỉnh Sóc Trăng',
    deadlineAt: NOW + 10 * DAY,
    quotas: { cbcc: 4, hdnd: 2 },
  });
  const person = makeRespondent(t.db, campaign.id, unit.id, {
    email: 'nguoi.that@soctrang.gov.vn',
    fullName: 'Trần Thị Thật',
    formTypes: ['cbcc', 'hdnd'],
  });
  const token = person.invitations[0]!.token;
  const app = testApp(t.db, t.dir, { clock: () => NOW });
  const forms = `/admin/campaigns/${campaign.id}/forms`;
  const preview = `${forms}/cbcc/xem-truoc`;
  const v1 = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
  const v2 = withAddedQuestion(v1);
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    await makeUser(t.db, 'snv.admin', 'admin');
    await makeUser(t.db, 'officer.snv', 'officer', [unit.id]);
    admin = await signIn(app, 'snv.admin');
    const csrf = await csrfFrom(admin, `${forms}/cbcc`);
    const saved = await admin
      .post(`${forms}/cbcc`)
      .type('form')
      .send({ _csrf: csrf, definition: JSON.stringify(v2) });
    expect(saved.status).toBe(303);
  });
  afterAll(() => t.cleanup());

  it('links the preview from the forms page for every form type and from the editor for the version in use', async () => {
    const list = (await admin.get(forms)).text;
    expect(list).toContain(`href="${forms}/cbcc/xem-truoc"`);
    expect(list).toContain(`href="${forms}/hdnd/xem-truoc"`);
    expect(list).toContain(msg('admin.forms.preview.link'));
    const editor = (await admin.get(`${forms}/cbcc`)).text;
    expect(editor).toContain(`href="${preview}?version=2"`);
  });

  it('shows every question of the version in use, including the one added by the edit, under the preview banner', async () => {
    const res = await admin.get(preview);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bản xem trước — phiếu này không gửi được');
    expect(res.text).toContain(msg('admin.forms.preview.explain', { version: 2 }));
    expect(questionIds(res.text)).toEqual(allQuestions(v2).map((q) => q.id));
    expect(res.text).toContain('Ông/Bà biết về chuyển đổi số của đơn vị qua kênh nào?');
    expect(res.text).toContain('Câu hỏi bổ sung năm 2020');
    // Sample person data: a clearly sample name, the campaign's first unit, the campaign's name, a deadline.
    expect(res.text).toContain(msg('admin.forms.preview.sampleName'));
    expect(res.text).toContain('Sở Nội vụ tỉnh Sóc Trăng');
    expect(res.text).toContain(campaign.name);
    expect(res.text).toContain(msg('survey.deadline', { time: '' }).trim());
    expect(res.text).not.toContain('Trần Thị Thật');
  });

  it('shows an earlier version when asked for it', async () => {
    const res = await admin.get(`${preview}?version=1`);
    expect(res.status).toBe(200);
    expect(questionIds(res.text)).toEqual(allQuestions(v1).map((q) => q.id));
    expect(res.text).not.toContain('kenh_moi');
    expect(res.text).toContain(msg('admin.forms.preview.explain', { version: 1 }));
  });

  it('renders the questions exactly as the respondent’s link does', async () => {
    const respondent = (await request(app).get(`/s/${token}`)).text;
    const shown = (await admin.get(preview)).text;
    expect(questionsOf(shown)).toBe(questionsOf(respondent));
    expect(respondent).not.toContain(msg('admin.forms.preview.banner'));
    expect(respondent).toContain(`action="/s/${token}"`);
  });

  it('cannot be sent: the form has no action, no CSRF field, no draft key and a disabled submit button', async () => {
    const html = (await admin.get(preview)).text;
    const formTag = /<form[^>]*id="survey-form"[^>]*>/.exec(html)![0];
    expect(formTag).not.toMatch(/action=|method=|data-draft-key/);
    const form = /<form[^>]*id="survey-form"[\s\S]*?<\/form>/.exec(html)![0];
    expect(form).not.toContain('name="_csrf"');
    expect(form).toMatch(/<button type="submit" class="survey-button" disabled>/);
    // No invitation is used: no link of anyone appears.
    for (const invitation of person.invitations) expect(html).not.toContain(invitation.token);
  });

  it('stores nothing and touches no invitation, whatever is asked of it', async () => {
    const before = snapshot(t.db);
    for (const path of [preview, `${preview}?version=1`, `${forms}/hdnd/xem-truoc`, `${preview}?version=9`]) {
      await admin.get(path);
    }
    const csrf = await csrfFrom(admin, `${forms}/cbcc`);
    const posted = await admin.post(preview).type('form').send({ _csrf: csrf, q_kenh_moi: '0' });
    expect(posted.status).toBe(404);
    expect(snapshot(t.db)).toBe(before);
    const invitation = t.db.$client
      .prepare('select answered_on as answeredOn from invitations where token = ?')
      .get(token) as { answeredOn: string | null };
    expect(invitation.answeredOn).toBeNull();
  });

  it('shows the banner in English when the page language is English', async () => {
    const res = await admin.get(preview).set('Cookie', 'lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain(translate('en', 'admin.forms.preview.banner'));
    expect(res.text).toContain(translate('en', 'admin.forms.preview.sampleName'));
  });

  it('answers an unknown campaign, form type or version with the usual 404 page', async () => {
    for (const path of [
      '/admin/campaigns/999999/forms/cbcc/xem-truoc',
      `${forms}/khong-co/xem-truoc`,
      `${preview}?version=3`,
      `${preview}?version=0`,
      `${preview}?version=abc`,
    ]) {
      const res = await admin.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain(msg('errors.notFoundTitle'));
      expect(res.text).not.toContain(msg('admin.forms.preview.banner'));
    }
  });

  it('is for admins only: anonymous visitors go to the login page, a focal officer gets 403', async () => {
    const anonymous = await request(app).get(preview);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(preview)}`);
    const officer = await signIn(app, 'officer.snv');
    const refused = await officer.get(`${preview}?version=1`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(msg('errors.forbidden'));
    expect(refused.text).not.toContain('kenh_moi');
  });
});
