import { renderMail, type MailVars } from '../../src/mail/templates';

const vars: MailVars = {
  campaignName: 'Khảo sát trực tuyến Chỉ số CCHC 2019',
  subject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
  fullName: 'Nguyễn Văn <b>An</b>',
  unitName: 'Sở Tư pháp',
  formTypeName: 'Phiếu lãnh đạo, công chức, viên chức',
  deadlineAt: Date.parse('2019-12-04T10:00:00Z'),
  link: 'http://127.0.0.1:3000/s/abcdefghijklmnopqrstuv',
  otherForms: [{ formTypeName: 'Phiếu đại biểu HĐND', link: 'http://127.0.0.1:3000/s/x', answered: false }],
  sender: 'Sở Nội vụ tỉnh Sóc Trăng',
};

describe('mail templates', () => {
  it('keep the fixed subject, name the unit, form, deadline in Vietnam time and both links', () => {
    const mail = renderMail('invitation', vars);
    expect(mail.subject).toBe(vars.subject);
    expect(mail.text).toContain('Sở Tư pháp');
    expect(mail.text).toContain('17:00 ngày 04/12/2019');
    expect(mail.text).toContain(vars.link);
    expect(mail.text).toContain('Phiếu đại biểu HĐND: http://127.0.0.1:3000/s/x');
  });

  it('escape names in HTML but not in the plain-text part', () => {
    const mail = renderMail('invitation', vars);
    expect(mail.html).toContain('Nguyễn Văn &lt;b&gt;An&lt;/b&gt;');
    expect(mail.text).toContain('Nguyễn Văn <b>An</b>');
  });

  it('prefix reminders and confirmations, and use a campaign override when there is one', () => {
    expect(renderMail('reminder', vars).subject).toBe(`[Nhắc lại] ${vars.subject}`);
    const custom = renderMail('thank_you', vars, {
      thank_you: { html: '<p>Cảm ơn <%= fullName %></p>', text: 'Cảm ơn' },
    });
    expect(custom.subject).toBe(`[Xác nhận] ${vars.subject}`);
    expect(custom.html).toBe('<p>Cảm ơn Nguyễn Văn &lt;b&gt;An&lt;/b&gt;</p>');
  });
});
