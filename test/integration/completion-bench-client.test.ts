import request from 'supertest';
import { fillForm, parseForms } from '../../bench/lib/completion-client';
import { t } from '../../src/i18n/messages';
import { surveyFixture } from '../helpers/survey-fixture';

// The completion benchmark's respondents know nothing of the product's forms: they read the page as a browser
// would. If they stopped filling it in as the product expects, the benchmark would measure refusals.
describe("the completion benchmark's virtual respondent", () => {
  const f = surveyFixture();
  afterAll(() => f.close());

  it('fills in the form it finds on a personal link so that the product accepts it and shows the thank-you page', async () => {
    const page = await request(f.app).get(`/s/${f.cbccToken}`);
    expect(page.status).toBe(200);
    const cookies = (page.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const [form] = parseForms(page.text).filter((x) => x.method === 'post');
    const body = fillForm(form!);
    // One answer per radio group, the hidden CSRF value as given, text in the text areas.
    expect(body.getAll('_csrf')).toHaveLength(1);
    expect(body.getAll('q_hai_long_chung')).toHaveLength(1);
    expect(body.get('q_de_xuat')).not.toBe('');

    const posted = await request(f.app)
      .post(form!.action ?? `/s/${f.cbccToken}`)
      .set('Cookie', cookies)
      .type('form')
      .send(body.toString());
    expect(posted.status).toBe(303);
    const thanks = await request(f.app).get(posted.headers.location as string);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain(t('survey.thankYouTitle'));
    expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(1);
  });

  it('reads text areas, lists, checkboxes and disabled fields as a browser sends them', () => {
    const [form] = parseForms(
      '<form method="post" action="/x"><input type="hidden" name="h" value="a&amp;b">' +
        '<input type="checkbox" name="c" value="1"><input type="checkbox" name="c" value="2">' +
        '<select name="s"><option value="">—</option><option value="k">K</option></select>' +
        '<textarea name="t">kept</textarea><input name="r" required><input name="o" value="">' +
        '<input name="d" value="x" disabled><button type="submit" name="go">Gửi</button></form>',
    );
    const body = fillForm(form!);
    expect(body.get('h')).toBe('a&b');
    expect(body.getAll('c')).toHaveLength(1);
    expect(body.get('s')).toBe('k');
    expect(body.get('t')).toBe('kept');
    expect(body.get('r')).not.toBe('');
    expect(body.get('o')).toBe('');
    expect(body.has('d')).toBe(false);
    expect(body.has('go')).toBe(false);
  });
});
