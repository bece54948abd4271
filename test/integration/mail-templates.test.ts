import { t } from '../../src/i18n/messages';
import { compileTemplate, renderMail, TEMPLATE_KINDS, type MailVars } from '../../src/mail/templates';

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
const NOTICE = t('mail.personalDataNotice', { sender: vars.sender });

/** The text a person reads in the HTML part: tags dropped, entities of the escaped text kept. */
const readable = (html: string) => html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '');

describe('mail templates', () => {
  it('keep the fixed subject, name the unit, form, deadline in Vietnam time and both links', () => {
    const mail = renderMail('invitation', vars);
    expect(mail.subject).toBe(vars.subject);
    expect(mail.text).toContain('Sở Tư pháp');
    expect(mail.text).toContain('17:00 ngày 04/12/2019');
    expect(mail.text).toContain(`Mở phiếu khảo sát: ${vars.link}`);
    expect(mail.text).toContain('- Phiếu đại biểu HĐND: http://127.0.0.1:3000/s/x');
    expect(mail.html).toContain(`<a href="${vars.link}"`);
    expect(mail.html).toContain('<a href="http://127.0.0.1:3000/s/x"');
  });

  it('greet the person as the survey page does, with or without a name', () => {
    const greeting = t('survey.greeting', { name: 'Nguyễn Văn An' });
    expect(greeting).toBe('Kính gửi Ông/Bà Nguyễn Văn An,');
    for (const kind of TEMPLATE_KINDS) {
      const mail = renderMail(kind, { ...vars, fullName: 'Nguyễn Văn An' });
      expect(mail.text.split('\n')[0]).toBe(greeting);
      expect(readable(mail.html)).toContain(greeting);
      expect(renderMail(kind, { ...vars, fullName: '' }).text.split('\n')[0]).toBe(
        t('survey.greetingNoName'),
      );
    }
  });

  it('escape names and typed text in HTML but not in the plain-text part', () => {
    const mail = renderMail('invitation', vars, {
      invitation: '{loi_chao}\nGõ <script>alert(1)</script> & "trích dẫn"\n{duong_dan}',
    });
    expect(mail.html).toContain('Nguyễn Văn &lt;b&gt;An&lt;/b&gt;');
    expect(mail.html).toContain('Gõ &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;trích dẫn&#34;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Nguyễn Văn <b>An</b>');
    expect(mail.text).toContain('Gõ <script>alert(1)</script> & "trích dẫn"');
  });

  it('prefix reminders and confirmations, and use a campaign override when there is one', () => {
    expect(renderMail('reminder', vars).subject).toBe(`[Nhắc lại] ${vars.subject}`);
    const custom = renderMail('thank_you', vars, { thank_you: 'Cảm ơn {ho_ten}.' });
    expect(custom.subject).toBe(`[Xác nhận] ${vars.subject}`);
    expect(custom.text.startsWith('Cảm ơn Nguyễn Văn <b>An</b>.\n\n')).toBe(true);
    expect(custom.html).toContain('<p style="margin:0 0 16px">Cảm ơn Nguyễn Văn &lt;b&gt;An&lt;/b&gt;.</p>');
  });

  it('make paragraphs, line breaks, a button of the link alone on its line and an anchor of a link in a sentence', () => {
    const mail = renderMail('reminder', vars, {
      reminder: 'Dòng một\ndòng hai\n\n\n{duong_dan}\n\nHoặc mở {duong_dan} trên máy tính.',
    });
    expect(mail.html).toMatch(/<p[^>]*>Dòng một<br>dòng hai<\/p>/);
    expect(mail.html).toMatch(/<a href="[^"]+" style="display:inline-block[^"]*">Mở phiếu khảo sát<\/a>/);
    expect(mail.html).toContain(`Hoặc mở <a href="${vars.link}" style="color:#0b57d0;word-break:break-all">`);
    expect(mail.text).toContain(
      `Dòng một\ndòng hai\n\nMở phiếu khảo sát: ${vars.link}\n\nHoặc mở ${vars.link} trên máy tính.`,
    );
  });

  it('leave out a line whose field has no value, and list other forms only when there are some', () => {
    const body = '{loi_chao}\nThời hạn: {han_tra_loi}.\n{duong_dan}\n\n{phieu_khac}\n\nHết.';
    const alone = renderMail(
      'invitation',
      { ...vars, deadlineAt: null, otherForms: [] },
      { invitation: body },
    );
    expect(alone.text).not.toContain('Thời hạn');
    expect(alone.text).not.toContain(t('mail.othersIntro.invitation'));
    expect(alone.text).toContain(`Mở phiếu khảo sát: ${vars.link}\n\nHết.`);
    const both = renderMail('invitation', vars, { invitation: body });
    expect(both.text).toContain('Thời hạn: 17:00 ngày 04/12/2019.');
    expect(both.text).toContain(`${t('mail.othersIntro.invitation')}\n- Phiếu đại biểu HĐND:`);
    // A thank-you lists only the forms still to answer.
    const answered = [{ ...vars.otherForms[0]!, answered: true }];
    expect(renderMail('thank_you', { ...vars, otherForms: answered }).text).not.toContain(
      'Phiếu đại biểu HĐND',
    );
    expect(renderMail('thank_you', vars).text).toContain('- Phiếu đại biểu HĐND: http://127.0.0.1:3000/s/x');
  });

  it('always carry the personal-data notice, and the other forms even when a template leaves them out', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const overrides of [{}, { [kind]: 'Chỉ một dòng {duong_dan}' }]) {
        const mail = renderMail(kind, vars, overrides);
        expect(mail.text.trimEnd().endsWith(NOTICE)).toBe(true);
        expect(readable(mail.html)).toContain(NOTICE);
        expect(mail.text).toContain('- Phiếu đại biểu HĐND: http://127.0.0.1:3000/s/x');
      }
    }
  });

  it('refuse unknown fields, code and misplaced fields with the line and a suggestion, in Vietnamese', () => {
    // The problems are messages (key and parameters), put into words when shown.
    const inWords = (result: ReturnType<typeof compileTemplate>) =>
      result.ok ? result : { ok: false, errors: result.errors.map((e) => t(e.key, e.params)) };
    const result = compileTemplate(
      'invitation',
      '{loi_chao}\nKính gửi {Họ tên} ở {donvi}\n<%= fullName %>\n{fullName}\nXem {phieu_khac} nhé',
    );
    expect(inWords(result)).toEqual({
      ok: false,
      errors: [
        'Dòng 2: không có trường {Họ tên}; có phải {ho_ten}?',
        'Dòng 2: không có trường {donvi} (xem danh sách các trường dùng được).',
        t('mail.template.code', { line: 3, code: '<%= fullName %>' }),
        'Dòng 4: không có trường {fullName}; có phải {ho_ten}?',
        'Dòng 5: trường {phieu_khac} phải đứng riêng một dòng.',
        'Thư mời cần có trường {duong_dan} (đường dẫn khảo sát riêng của người nhận).',
      ],
    });
    expect(inWords(compileTemplate('reminder', '  \n'))).toEqual({
      ok: false,
      errors: ['Nội dung thư đang để trống.'],
    });
    expect(compileTemplate('thank_you', 'Cảm ơn {ho_ten}, không cần đường dẫn.').ok).toBe(true);
  });
});
