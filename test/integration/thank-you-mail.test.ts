import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';
import { startTestSmtp } from '../helpers/smtp';

describe('the thank-you mail after a submission', () => {
  it('reaches the respondent with the fixed subject, name, unit, form type and a link to their other form', async () => {
    const smtp = await startTestSmtp();
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      const pair = await csrfFor(f.app, f.cbccToken);
      const res = await request(f.app)
        .post(`/s/${f.cbccToken}`)
        .set('Cookie', pair.cookie)
        .type('form')
        .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(DEFAULT_FORMS.cbcc) }));
      expect(res.status).toBe(303);

      await deliverDueMail(f.db, f.mailer, { from: f.config.MAIL_FROM, now: f.clock.now });
      await smtp.waitFor(1);
      const mail = smtp.received[0]!;
      expect(mail.envelopeTo).toEqual(['tran.thi.b@soctrang.gov.vn']);
      expect(mail.subject).toBe('[Xác nhận] Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019');
      expect(mail.text).toContain('Kính gửi Ông/Bà Trần Thị B,');
      expect(mail.text).toContain('Sở Nội vụ tỉnh Sóc Trăng');
      expect(mail.text).toContain('Phiếu lãnh đạo, công chức, viên chức');
      expect(mail.text).toContain(`Phiếu đại biểu HĐND: ${f.config.PUBLIC_URL}/s/${f.hdndToken}`);
      expect(mail.html).toContain(`href="${f.config.PUBLIC_URL}/s/${f.hdndToken}"`);
    } finally {
      f.close();
      await smtp.close();
    }
  });

  it('leaves the outbox once delivered or refused: no address, time or id of it is kept', async () => {
    // The second form's address bounces: the person is in both groups, so both thank-you mails go to one address.
    const smtp = await startTestSmtp({ rejectRecipients: ['tran.thi.b@soctrang.gov.vn'] });
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      const auditedBefore = f.count(f.db, 'audit_log');
      const pair = await csrfFor(f.app, f.cbccToken);
      for (const [token, form] of [
        [f.cbccToken, DEFAULT_FORMS.cbcc],
        [f.hdndToken, DEFAULT_FORMS.hdnd],
      ] as const) {
        const res = await request(f.app)
          .post(`/s/${token}`)
          .set('Cookie', pair.cookie)
          .type('form')
          .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(form) }));
        expect(res.status).toBe(303);
      }
      // Queued, they hold the address until they are sent (docs/DOMAIN.md § Anonymity and personal data).
      expect(
        f.count(f.db, "mail_outbox WHERE kind = 'thank_you' AND to_address = 'tran.thi.b@soctrang.gov.vn'"),
      ).toBe(2);
      const outcome = await deliverDueMail(f.db, f.mailer, { from: f.config.MAIL_FROM, now: f.clock.now });
      expect(outcome.bounced).toBe(2);
      expect(f.count(f.db, 'mail_outbox')).toBe(0);
      // Nor does anything else on the way keep one: the audit log has nothing of a submission.
      expect(f.count(f.db, 'audit_log')).toBe(auditedBefore);
    } finally {
      f.close();
      await smtp.close();
    }
  });
});
