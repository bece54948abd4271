import request from 'supertest';
import { createApp } from '../../src/app';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { allQuestions } from '../../src/forms/definition';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeRespondent, makeUnit } from '../helpers/factories';
import { mailInvitations } from '../helpers/invitation-mail';
import { startTestSmtp } from '../helpers/smtp';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { makeUser, signIn } from '../helpers/web';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(1)>';
const RAW = [/<script>alert/i, /<img src=x/i, /onerror=alert\(1\)>/i];
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

/** The page never carries the raw markup; unless `shown` is false it shows the payload as text. */
function expectEscaped(html: string, where: string, shown = true) {
  for (const raw of RAW) {
    if (raw.test(html)) throw new Error(`${where} shows the payload unescaped (${raw})`);
  }
  if (shown && !html.includes(ESCAPED)) throw new Error(`${where} does not show the escaped payload`);
}

describe('markup in names, answers and campaign fields', () => {
  it('is shown escaped on every page and in the HTML of the invitation and thank-you mails', async () => {
    const t0 = createTestDb();
    const smtp = await startTestSmtp();
    const config = testConfig();
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t0.dir, poolSize: 1 });
    const app = createApp({ db: t0.db, config, mailer, surveyRateLimit: false });
    try {
      const campaign = orThrow(
        createCampaign(t0.db, { name: `Đợt 2019 ${PAYLOAD}`, year: 2019 }, SYSTEM_ACTOR, Date.now()),
      );
      const unit = makeUnit(t0.db, campaign.id, { code: 'XSS', name: `Sở ${PAYLOAD}`, quotas: { cbcc: 3 } });
      orThrow(openCampaign(t0.db, { campaignId: campaign.id }, SYSTEM_ACTOR, Date.now() - 1000));
      const person = makeRespondent(t0.db, campaign.id, unit.id, {
        email: 'nguoi.xss@soctrang.gov.vn',
        fullName: `Ông ${PAYLOAD}`,
        formTypes: ['cbcc'],
      });
      const token = person.invitations[0]!.token;

      await mailInvitations(t0.db, mailer, config, [token]);
      await smtp.waitFor(1);
      expectEscaped(String(smtp.received[0]!.html), 'the invitation mail');

      const form = await request(app).get(`/s/${token}`);
      expect(form.status).toBe(200);
      expectEscaped(form.text, 'the survey form');

      const text = allQuestions(DEFAULT_FORMS.cbcc!).find((q) => q.kind === 'text')!;
      const { cookie, csrf } = await csrfFor(app, token);
      const answers = { ...validAnswers(DEFAULT_FORMS.cbcc!), [`q_${text.id}`]: PAYLOAD };
      // A re-rendered form (one answer missing) keeps the person's text: escaped there too.
      const partial: Record<string, string | string[]> = { ...answers, _csrf: csrf };
      delete partial[`q_${allQuestions(DEFAULT_FORMS.cbcc!).find((q) => q.required)!.id}`];
      const invalid = await request(app)
        .post(`/s/${token}`)
        .set('Cookie', cookie)
        .type('form')
        .send(encodeForm(partial));
      expect(invalid.status).toBe(422);
      expectEscaped(invalid.text, 'the re-rendered form');
      const sent = await request(app)
        .post(`/s/${token}`)
        .set('Cookie', cookie)
        .type('form')
        .send(encodeForm({ ...answers, _csrf: csrf }));
      expect(sent.status).toBe(303);

      const thanks = await request(app).get(`/s/${token}/cam-on`);
      expect(thanks.status).toBe(200);
      expectEscaped(thanks.text, 'the thank-you page');
      const again = await request(app).get(`/s/${token}`);
      expectEscaped(again.text, 'the already-answered page', false);

      await deliverDueMail(t0.db, mailer, { from: config.MAIL_FROM });
      await smtp.waitFor(2);
      expectEscaped(String(smtp.received[1]!.html), 'the thank-you mail');

      await makeUser(t0.db, 'quan-tri', 'admin');
      await makeUser(t0.db, 'dau-moi', 'officer', [unit.id]);
      const admin = await signIn(app, 'quan-tri');
      const officer = await signIn(app, 'dau-moi');
      const pages: Array<[typeof admin, string]> = [
        [officer, '/officer'],
        [officer, `/officer/units/${unit.id}?campaign=${campaign.id}`],
        [officer, `/officer/units/${unit.id}?campaign=${campaign.id}&filter=all`],
        [admin, '/admin'],
        [admin, `/admin/campaigns/${campaign.id}`],
        [admin, `/admin/campaigns/${campaign.id}/edit`],
        [admin, `/admin/campaigns/${campaign.id}/units`],
        [admin, `/admin/campaigns/${campaign.id}/units/${unit.id}`],
        [admin, `/admin/campaigns/${campaign.id}/results`],
        [admin, `/admin/campaigns/${campaign.id}/results/units/${unit.id}`],
        [admin, `/admin/campaigns/${campaign.id}/results/print`],
        [admin, '/admin/users/'],
      ];
      const failures: string[] = [];
      for (const [agent, path] of pages) {
        const res = await agent.get(path);
        if (res.status !== 200) failures.push(`${path}: status ${res.status}`);
        else
          try {
            expectEscaped(res.text, path);
          } catch (e) {
            failures.push((e as Error).message);
          }
      }
      expect(failures).toEqual([]);
    } finally {
      mailer.close();
      await smtp.close();
      t0.cleanup();
    }
  }, 20_000);
});
