import { formDefinitionSchema } from '../../src/forms/definition';
import { messageText } from '../../src/i18n/messages';
import { validateAnswers } from '../../src/responses/validate-answers';

const def = formDefinitionSchema.parse({
  title: 'Phiếu thử',
  sections: [
    {
      id: 's',
      title: 'Phần',
      questions: [
        { id: 'one', text: 'Một lựa chọn', kind: 'single', options: [{ label: 'A' }, { label: 'B' }] },
        {
          id: 'many',
          text: 'Nhiều lựa chọn',
          kind: 'multiple',
          options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }],
        },
        { id: 'note', text: 'Ý kiến', kind: 'text', required: false, maxLength: 10 },
      ],
    },
  ],
});

describe('validateAnswers', () => {
  it('turns a complete sheet into answer rows, dropping duplicates and unknown fields', () => {
    const result = validateAnswers(def, { q_one: '1', q_many: ['0', '2', '2'], q_note: ' ok\r\n ', x: 'y' });
    expect(result).toEqual({
      ok: true,
      answers: [
        { questionId: 'one', optionIndex: 1 },
        { questionId: 'many', optionIndex: 0 },
        { questionId: 'many', optionIndex: 2 },
        { questionId: 'note', optionIndex: -1, textValue: 'ok' },
      ],
    });
  });

  it('accepts a single value for a multiple-choice question and an empty optional text', () => {
    expect(validateAnswers(def, { q_one: '0', q_many: '1', q_note: '' })).toEqual({
      ok: true,
      answers: [
        { questionId: 'one', optionIndex: 0 },
        { questionId: 'many', optionIndex: 1 },
      ],
    });
  });

  it('names every problem by question, as a message the page puts into words (here Vietnamese)', () => {
    const inVietnamese = (body: Record<string, unknown>) => {
      const checked = validateAnswers(def, body);
      if (checked.ok) return checked;
      const errors = Object.entries(checked.errors).map(([id, message]) => [id, messageText('vi', message)]);
      return { ok: false, errors: Object.fromEntries(errors) as Record<string, string> };
    };
    expect(inVietnamese({})).toEqual({
      ok: false,
      errors: { one: 'Vui lòng trả lời câu này.', many: 'Vui lòng trả lời câu này.' },
    });
    expect(inVietnamese({ q_one: ['0', '1'], q_many: ['0', '7'], q_note: 'x'.repeat(11) })).toEqual({
      ok: false,
      errors: {
        one: 'Câu này chỉ được chọn một phương án.',
        many: 'Lựa chọn không hợp lệ, vui lòng chọn lại.',
        note: 'Nội dung dài quá 10 ký tự, vui lòng rút gọn.',
      },
    });
    expect(inVietnamese({ q_one: '-1', q_many: 'abc' })).toEqual({
      ok: false,
      errors: {
        one: 'Lựa chọn không hợp lệ, vui lòng chọn lại.',
        many: 'Lựa chọn không hợp lệ, vui lòng chọn lại.',
      },
    });
  });
});
