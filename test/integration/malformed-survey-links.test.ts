import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { t } from '../../src/i18n/messages';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';

let f: ReturnType<typeof surveyFixture>;
let logLines: string[];
beforeEach(() => {
  logLines = [];
  const logger = pino(
    { level: 'trace' },
    new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }),
  );
  f = surveyFixture({ logger });
});
afterEach(() => f.close());

/** What an attacker reading the logs could find of a link: the token whole, or all but its last characters. */
function expectNoTokenLogged(token: string) {
  const logs = logLines.join('');
  expect(logs).not.toContain(token.slice(0, 12));
}

describe('malformed survey links', () => {
  it('answers a link cut inside a percent-encoded character 400 with the polite unknown-link page, logging no token', async () => {
    const { cookie, csrf } = await csrfFor(f.app, f.hdndToken);
    const bad = `${f.cbccToken}%E0%A4%A`;
    const answers = encodeForm({ ...validAnswers(DEFAULT_FORMS.cbcc!), _csrf: csrf });
    for (const [path, res] of [
      ['GET', await request(f.app).get(`/s/${bad}`)],
      ['GET cam-on', await request(f.app).get(`/s/${bad}/cam-on`)],
      // A character cut short before the token (not "%A": a token starting with a hex digit would complete it).
      ['GET prefixed', await request(f.app).get(`/s/%E0%A4${f.cbccToken}`)],
      ['POST', await request(f.app).post(`/s/${bad}`).set('Cookie', cookie).type('form').send(answers)],
    ] as const) {
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.text).toContain(t('survey.refused.unknownTitle'));
      expect(res.text).toContain(t('survey.refused.unknown'));
      expect(res.text).not.toContain(f.cbccToken);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expectNoTokenLogged(f.cbccToken);
    expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(0);
  });

  it('logs a server failure on a survey link with its token cut short wherever the error quotes it', async () => {
    // A database error that names the value it refused, as a constraint or trigger message may.
    f.db.$client.exec(
      `CREATE TRIGGER refuse_answer BEFORE UPDATE OF answered_day ON invitations
       BEGIN SELECT RAISE(ABORT, 'refused invitation ' || NEW.token); END`,
    );
    const { cookie, csrf } = await csrfFor(f.app, f.cbccToken);
    const res = await request(f.app)
      .post(`/s/${f.cbccToken}`)
      .set('Cookie', cookie)
      .type('form')
      .send(encodeForm({ ...validAnswers(DEFAULT_FORMS.cbcc!), _csrf: csrf }));
    expect(res.status).toBe(500);
    expect(res.text).toContain(t('errors.internal'));
    const logged = logLines.join('');
    // The failure is logged, with enough of the link to correlate it.
    expect(logged).toContain('refused invitation');
    expect(logged).toContain(`/s/${f.cbccToken.slice(0, 4)}`);
    expectNoTokenLogged(f.cbccToken);
  });
});
