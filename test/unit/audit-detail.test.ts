import { auditDetailText, readAuditDetail, storeAuditDetail } from '../../src/audit/audit-detail';

describe('an audit entry’s stored detail', () => {
  it('reads back a detail stored by key and words it in either language, counts the reader’s way', () => {
    const stored = storeAuditDetail({
      key: 'admin.audit.remindText',
      params: { unit: 'Sở Nội vụ', form: { key: 'admin.audit.allForms' }, count: 1500 },
    });
    const detail = readAuditDetail(stored);
    expect(auditDetailText('vi', detail)).toBe('Sở Nội vụ, mọi loại phiếu: 1.500 thư nhắc');
    expect(auditDetailText('en', detail)).toBe('Sở Nội vụ, all form types: 1,500 reminders');
  });

  it('keeps any other text as the sentence an older entry stored, and an empty detail empty', () => {
    for (const sentence of ['3 thư (toàn bộ đợt)', '{"key":"no.such.key","params":{}}', '{"key": broken']) {
      expect(readAuditDetail(sentence)).toBe(sentence);
      expect(auditDetailText('en', readAuditDetail(sentence))).toBe(sentence);
    }
    expect(auditDetailText('en', readAuditDetail(null))).toBe('');
  });
});
