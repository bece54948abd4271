import request from 'supertest';
import pino from 'pino';
import { createApp } from '../../src/app';
import { openDb } from '../../src/open-db';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { newToken } from '../../src/tokens';
import { readResponses } from '../../src/responses/read-responses';
import { testConfig } from '../helpers/config';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { DEADLINE_AT, DURING, OPENS_AT, surveyFixture } from '../helpers/survey-fixture';

const cbcc = DEFAULT_FORMS.cbcc;

function post(
  f: ReturnType<typeof surveyFixture>,
  token: string,
  pair: { cookie: string; csrf: string },
  body: Record<string, string | string[]>,
) {
  return request(f.app)
    .post(`/s/${token}`)
    .set('Cookie', pair.cookie)
    .type('form')
    .send(encodeForm({ _csrf: pair.csrf, ...body }));
}

function nothingStored(f: ReturnType<typeof surveyFixture>) {
  expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(0);
  expect(f.count(f.db, 'mail_outbox')).toBe(0);
  expect(f.count(f.db, 'invitations WHERE answered_on IS NOT NULL')).toBe(0);
}

describe('a respondent opening their link', () => {
  const f = surveyFixture();
  afterAll(() => f.close());

  it('sees the form with campaign, form type, their unit, deadline and greeting, never cached', async () => {
    const res = await request(f.app).get(`/s/${f.cbccToken}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Khảo sát trực tuyến Chỉ số CCHC 2019');
    expect(res.text).toContain('Phiếu lãnh đạo, công chức, viên chức');
    expect(res.text).toContain('Sở Nội vụ tỉnh Sóc Trăng');
    expect(res.text).toContain('Hạn trả lời: 17:00 ngày 04/12/2019');
    expect(res.text).toContain('Kính gửi Ông/Bà Trần Thị B,');
    expect(res.text).not.toContain('tran.thi.b@soctrang.gov.vn');
  });

  it('renders sections as fieldsets, single choice as radios, multiple as checkboxes, text with maxlength', async () => {
    const res = await request(f.app).get(`/s/${f.cbccToken}`);
    expect(res.text.match(/<fieldset class="card survey-section">/g)).toHaveLength(cbcc.sections.length);
    expect(res.text).toContain('Phần 1/8');
    expect(res.text).toMatch(
      /<input type="radio" id="q-hai_long_chung-4" name="q_hai_long_chung" value="4">/,
    );
    expect(res.text).toMatch(/<input type="checkbox" id="q-linh_vuc_uu_tien-0" name="q_linh_vuc_uu_tien"/);
    expect(res.text).toMatch(/<textarea id="q-de_xuat" name="q_de_xuat" rows="4" maxlength="2000"/);
    expect(res.text).toContain('<script src="/static/survey.js" defer></script>');
    expect(res.text).not.toMatch(/<script>|onclick=/);
  });

  it('shows a dual-group person their other form with its state and link', async () => {
    const res = await request(f.app).get(`/s/${f.cbccToken}`);
    expect(res.text).toContain(`href="${f.config.PUBLIC_URL}/s/${f.hdndToken}"`);
    expect(res.text).toContain('Mở Phiếu đại biểu HĐND');
    expect(res.text).toContain('chưa trả lời');
  });
});

describe('a link that cannot take answers', () => {
  it.each([
    ['unknown (malformed)', 404, 'Đường dẫn không hợp lệ', () => 'abc'],
    ['unknown (well-formed)', 404, 'Đường dẫn không hợp lệ', () => newToken()],
  ])('%s answers %i with a polite page and stores nothing', async (_name, status, text, token) => {
    const f = surveyFixture();
    try {
      const pair = await csrfFor(f.app, f.cbccToken);
      const get = await request(f.app).get(`/s/${token()}`);
      expect(get.status).toBe(status);
      expect(get.text).toContain(text);
      expect(get.text).toContain('liên hệ Sở Nội vụ');
      const posted = await post(f, token(), pair, validAnswers(cbcc));
      expect(posted.status).toBe(status);
      expect(posted.text).toContain('Câu trả lời Ông/Bà vừa gửi chưa được ghi nhận.');
      nothingStored(f);
    } finally {
      f.close();
    }
  });

  type Setup = (f: ReturnType<typeof surveyFixture>) => string;
  const cases: Array<[string, number, string, Setup]> = [
    [
      'revoked',
      410,
      'đã được thay bằng một đường dẫn mới',
      (f) => {
        const old = newToken();
        f.db.$client
          .prepare('INSERT INTO revoked_tokens (token, invitation_id, revoked_at) VALUES (?, ?, ?)')
          .run(old, f.person.invitations[0]!.id, OPENS_AT);
        return old;
      },
    ],
    [
      'draft',
      403,
      'Đợt khảo sát chưa mở để nhận phiếu trả lời',
      (f) => {
        f.db.$client.prepare("UPDATE campaigns SET status = 'draft', opens_at = NULL").run();
        return f.cbccToken;
      },
    ],
    [
      'not yet open',
      403,
      'Thời gian bắt đầu nhận phiếu: 08:00 ngày 20/11/2019',
      (f) => {
        f.clock.now = OPENS_AT - 60_000;
        return f.cbccToken;
      },
    ],
    [
      'past the unit deadline',
      410,
      'đã kết thúc lúc 17:00 ngày 04/12/2019',
      (f) => {
        f.clock.now = DEADLINE_AT + 1000;
        return f.cbccToken;
      },
    ],
    [
      'past the campaign closing time (earlier than the unit deadline)',
      410,
      'đã kết thúc lúc 12:00 ngày 03/12/2019',
      (f) => {
        f.db.$client.prepare('UPDATE campaigns SET closes_at = ?').run(DEADLINE_AT - 29 * 3600_000);
        f.clock.now = DEADLINE_AT - 3600_000;
        return f.cbccToken;
      },
    ],
    [
      'closed',
      410,
      'Đợt khảo sát đã chốt số phiếu',
      (f) => {
        f.db.$client.prepare("UPDATE campaigns SET status = 'closed', closed_at = ?").run(DURING);
        return f.cbccToken;
      },
    ],
  ];

  it.each(cases)(
    '%s answers %i with a polite page and a POST stores nothing',
    async (_name, status, text, setup) => {
      const f = surveyFixture();
      try {
        const pair = await csrfFor(f.app, f.cbccToken);
        const token = setup(f);
        const get = await request(f.app).get(`/s/${token}`).set('Accept', 'text/html');
        expect(get.status).toBe(status);
        expect(get.text).toContain(text);
        expect(get.text).not.toMatch(/at .*\.ts:\d+/);
        const posted = await post(f, token, pair, validAnswers(cbcc));
        expect(posted.status).toBe(status);
        expect(posted.text).toContain('Câu trả lời Ông/Bà vừa gửi chưa được ghi nhận.');
        nothingStored(f);
      } finally {
        f.close();
      }
    },
  );
});

describe('submitting the form', () => {
  let f: ReturnType<typeof surveyFixture>;
  beforeEach(() => (f = surveyFixture()));
  afterEach(() => f.close());

  it('stores exactly one anonymous response with its answers, marks the invitation and queues one thank-you', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const res = await post(f, f.cbccToken, pair, validAnswers(cbcc));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/s/${f.cbccToken}/cam-on`);
    const [stored, ...others] = readResponses(f.db, f.campaign.id);
    expect(others).toHaveLength(0);
    // 16 single choices + 2 options of the multiple-choice question + 1 text
    expect(stored!.answers).toHaveLength(16 + 2 + 1);
    expect(stored).toMatchObject({ unitId: f.unit.id, formType: 'cbcc', version: 1, day: '2019-12-01' });
    const inv = f.db.$client.prepare('SELECT answered_on FROM invitations WHERE token = ?').get(f.cbccToken);
    expect(inv).toEqual({ answered_on: '2019-12-01' });
    expect(f.count(f.db, 'thank_you_slots WHERE filled = 1')).toBe(1);

    const thanks = await request(f.app).get(`/s/${f.cbccToken}/cam-on`);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Đã nhận phiếu khảo sát');
    expect(thanks.text).toContain(`href="${f.config.PUBLIC_URL}/s/${f.hdndToken}"`);
    expect(thanks.headers['cache-control']).toBe('no-store');

    // The redirect's page is drawn from what the submit read; a reload reads the link and says the same.
    const reload = await request(f.app).get(`/s/${f.cbccToken}/cam-on`);
    expect(reload.status).toBe(200);
    for (const text of ['Đã nhận phiếu khảo sát', `href="${f.config.PUBLIC_URL}/s/${f.hdndToken}"`]) {
      expect(reload.text).toContain(text);
    }
  });

  it('refuses a second submit with the already-answered page showing when it was received', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    await post(f, f.cbccToken, pair, validAnswers(cbcc));
    const again = await post(f, f.cbccToken, pair, validAnswers(cbcc));
    expect(again.status).toBe(409);
    expect(again.text).toContain('Phiếu khảo sát này đã được gửi ngày 01/12/2019');
    expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(1);
    expect((await request(f.app).get(`/s/${f.cbccToken}`)).status).toBe(409);
  });

  it.each([
    ['a required question is missing', { q_kh_cchc: undefined }, 'kh_cchc', 'Vui lòng trả lời câu này.'],
    ['an option is out of range', { q_kh_cchc: '4' }, 'kh_cchc', 'Lựa chọn không hợp lệ'],
    ['a text is too long', { q_de_xuat: 'x'.repeat(2001) }, 'de_xuat', 'Nội dung dài quá 2000 ký tự'],
    [
      'a single choice has two values',
      { q_kh_cchc: ['0', '1'] },
      'kh_cchc',
      'Câu này chỉ được chọn một phương án',
    ],
  ])(
    're-renders with 422 when %s, keeping answers, nothing stored',
    async (_name, change, questionId, message) => {
      const pair = await csrfFor(f.app, f.cbccToken);
      const body = { ...validAnswers(cbcc), q_tuyen_truyen: '2', ...change } as Record<
        string,
        string | string[]
      >;
      for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
      const res = await post(f, f.cbccToken, pair, body);
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="error-summary"');
      expect(res.text).toMatch(new RegExp(`<a href="#q-${questionId}">Câu \\d+: ${message}`));
      expect(res.text).toContain(`id="q-${questionId}-error"`);
      expect(res.text).toMatch(new RegExp(`aria-describedby="[^"]*q-${questionId}-error`));
      expect(res.text).toMatch(/id="q-tuyen_truyen-2" name="q_tuyen_truyen" value="2" checked>/);
      expect(res.text).toMatch(/id="q-linh_vuc_uu_tien-1" name="q_linh_vuc_uu_tien" value="1" checked>/);
      if (questionId !== 'de_xuat') expect(res.text).toContain('>Ý kiến cho de_xuat</textarea>');
      nothingStored(f);
    },
  );

  it('ignores unknown fields', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const res = await post(f, f.cbccToken, pair, { ...validAnswers(cbcc), q_forged: '1', respondent: 'x' });
    expect(res.status).toBe(303);
    const [stored] = readResponses(f.db, f.campaign.id);
    expect(stored!.answers.map((a) => a.questionId)).not.toContain('forged');
  });

  it('accepts exactly one of two concurrent submits with the same token', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const results = await Promise.all([
      post(f, f.cbccToken, pair, validAnswers(cbcc)),
      post(f, f.cbccToken, pair, validAnswers(cbcc)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(1);
    expect(f.count(f.db, 'thank_you_slots WHERE filled = 1')).toBe(1);
  });

  it('accepts exactly one of concurrent submits through two apps on two handles of the same file', async () => {
    const second = openDb(f.file);
    try {
      const app2 = createApp({
        db: second,
        config: testConfig(),
        mailer: f.mailer,
        clock: () => DURING,
        surveyRateLimit: false,
      });
      const pair = await csrfFor(f.app, f.cbccToken);
      const send = (app: typeof f.app) =>
        request(app)
          .post(`/s/${f.cbccToken}`)
          .set('Cookie', pair.cookie)
          .type('form')
          .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(cbcc) }));
      const results = await Promise.all([send(f.app), send(app2), send(f.app), send(app2)]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 409, 409, 409]);
      expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(1);
      expect(f.count(f.db, 'thank_you_slots WHERE filled = 1')).toBe(1);
    } finally {
      second.$client.close();
    }
  });

  it('refuses a POST one second after the unit deadline and stores nothing', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    f.clock.now = DEADLINE_AT + 1000;
    const res = await post(f, f.cbccToken, pair, validAnswers(cbcc));
    expect(res.status).toBe(410);
    expect(res.text).toContain('Đã hết hạn trả lời');
    nothingStored(f);
  });

  it('accepts a POST at the deadline itself', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    f.clock.now = DEADLINE_AT;
    expect((await post(f, f.cbccToken, pair, validAnswers(cbcc))).status).toBe(303);
  });

  it('refuses a POST without the CSRF field with 403 and stores nothing', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const res = await request(f.app)
      .post(`/s/${f.cbccToken}`)
      .set('Cookie', pair.cookie)
      .type('form')
      .send(encodeForm(validAnswers(cbcc)));
    expect(res.status).toBe(403);
    nothingStored(f);
  });

  it('refuses an oversize body with a 413 page and stores nothing', async () => {
    const pair = await csrfFor(f.app, f.cbccToken);
    const res = await post(f, f.cbccToken, pair, {
      ...validAnswers(cbcc),
      q_de_xuat: 'x'.repeat(70_000),
    }).set('Accept', 'text/html');
    expect(res.status).toBe(413);
    expect(res.text).toContain('Dữ liệu gửi lên quá lớn.');
    nothingStored(f);
  });
});

describe('in production mode (view cache on)', () => {
  it('serves the blank form from cache without leaking one person’s answers into another’s page', async () => {
    const f = surveyFixture({ config: testConfig({ NODE_ENV: 'production' }) });
    try {
      const blank = await request(f.app).get(`/s/${f.cbccToken}`);
      expect(blank.text).not.toContain(' checked>');
      const pair = await csrfFor(f.app, f.cbccToken);
      const body: Record<string, string | string[]> = { ...validAnswers(cbcc), q_tuyen_truyen: '3' };
      delete body.q_kh_cchc;
      const invalid = await post(f, f.cbccToken, pair, body);
      expect(invalid.status).toBe(422);
      expect(invalid.text).toMatch(/id="q-tuyen_truyen-3" name="q_tuyen_truyen" value="3" checked>/);
      const other = await request(f.app).get(`/s/${f.hdndToken}`);
      const again = await request(f.app).get(`/s/${f.cbccToken}`);
      expect(other.text).not.toContain(' checked>');
      expect(again.text).not.toContain(' checked>');
      expect(again.text).toContain('Kính gửi Ông/Bà Trần Thị B,');
    } finally {
      f.close();
    }
  });
});

describe('a failure while serving a survey link', () => {
  it('shows the generic Vietnamese error page and logs the path with the token redacted', async () => {
    const f = surveyFixture();
    const lines: string[] = [];
    try {
      const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
      const app = createApp({ db: f.db, config: f.config, mailer: f.mailer, logger, surveyRateLimit: false });
      f.db.$client.exec('DROP TABLE revoked_tokens');
      const res = await request(app).get(`/s/${f.cbccToken}`).set('Accept', 'text/html');
      expect(res.status).toBe(500);
      expect(res.text).toContain('Đã xảy ra lỗi');
      expect(res.text).not.toContain(f.cbccToken);
      expect(lines.join('')).toContain(`/s/${f.cbccToken.slice(0, 4)}…`);
      expect(lines.join('')).not.toContain(f.cbccToken);
    } finally {
      f.close();
    }
  });
});
