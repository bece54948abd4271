import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { deliverDueMail } from '../../src/mail/outbox';
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
});
