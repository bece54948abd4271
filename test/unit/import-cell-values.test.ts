import { fieldOfHeader } from '../../src/imports/columns';
import { parseEmail, parseGroup, parseMoment, parseQuota } from '../../src/imports/cell-values';
import { deadlineInstant, endOfVnDay, vnDateTime } from '../../src/time';

describe('import headers', () => {
  it('match regardless of case, diacritics, spaces, underscores and punctuation', () => {
    for (const h of ['Mã đơn vị', 'MA_DON_VI', 'ma_don_vi', 'Ma don vi', ' MÃ ĐƠN VỊ: ', 'code']) {
      expect(fieldOfHeader('units', h)).toBe('code');
    }
    expect(fieldOfHeader('respondents', 'Họ và tên')).toBe('full_name');
    expect(fieldOfHeader('respondents', 'Loại phiếu khảo sát')).toBe('form');
    expect(fieldOfHeader('units', 'Hạn trả lời')).toBe('deadline');
    expect(fieldOfHeader('units', 'Tên đơn vị')).toBe('name');
    expect(fieldOfHeader('units', 'Ghi chú')).toBeUndefined();
  });
});

describe('import dates', () => {
  const at = (value: Parameters<typeof parseMoment>[0]) => {
    const parsed = parseMoment(value);
    if (!parsed.ok || !parsed.value) throw new Error(`not a date: ${String(value)}`);
    return deadlineInstant(parsed.value);
  };

  it('read a bare date as the end of that Vietnam day in every accepted spelling', () => {
    const end = endOfVnDay('2023-12-04');
    for (const v of ['04/12/2023', '4/12/2023', '04-12-2023', '04.12.2023', '2023-12-04', 45264, '45264']) {
      expect(at(v)).toBe(end);
    }
    expect(at(new Date(Date.UTC(2023, 11, 4)))).toBe(end);
  });

  it('read a date with a time as that exact Vietnam wall-clock time', () => {
    const exact = vnDateTime('2023-12-04', 17, 0);
    for (const v of [
      '17 giờ 00 phút, ngày 04/12/2023',
      '17:00 04/12/2023',
      '04/12/2023 17:00',
      '17h ngày 04/12/2023',
      '2023-12-04T17:00',
      '2023-12-04T10:00:00Z',
      45264 + 17 / 24,
    ]) {
      expect(at(v)).toBe(exact);
    }
    expect(at(new Date(Date.UTC(2023, 11, 4, 17, 0)))).toBe(exact);
  });

  it('refuse impossible or unreadable dates and accept blanks as not given', () => {
    for (const v of ['31/02/2023', '2023-13-01', 'hôm qua', '25:00 04/12/2023', '12', 5]) {
      expect(parseMoment(v).ok).toBe(false);
    }
    expect(parseMoment('  ')).toEqual({ ok: true, value: null });
  });
});

describe('import values', () => {
  it('read groups by code or by Vietnamese name, with or without diacritics', () => {
    const cases: [string, string][] = [
      ['so_nganh', 'so_nganh'],
      ['Sở, ban ngành', 'so_nganh'],
      ['So ban nganh', 'so_nganh'],
      ['UBND cấp huyện', 'ubnd_huyen'],
      ['ubnd huyen', 'ubnd_huyen'],
      ['Đơn vị sự nghiệp công lập', 'dvsn'],
      ['DVSN', 'dvsn'],
      ['Cơ quan Trung ương đóng tại địa phương', 'co_quan_tw'],
      ['co quan trung uong', 'co_quan_tw'],
    ];
    for (const [text, group] of cases) expect(parseGroup(text)).toEqual({ ok: true, value: group });
    expect(parseGroup('Khác').ok).toBe(false);
  });

  it('trim and lower-case emails and refuse malformed ones', () => {
    expect(parseEmail('  Nguyen.Van.A@SocTrang.GOV.vn \u00a0')).toEqual({
      ok: true,
      value: 'nguyen.van.a@soctrang.gov.vn',
    });
    for (const bad of ['nguyen van@x.vn', 'nguyen.x.vn', 'a@b', '@x.vn', 'a@@x.vn', 'a..b@x.vn', '']) {
      expect(parseEmail(bad).ok).toBe(false);
    }
  });

  it('accept only non-negative whole quotas', () => {
    expect(parseQuota('30')).toEqual({ ok: true, value: 30 });
    expect(parseQuota(0)).toEqual({ ok: true, value: 0 });
    expect(parseQuota('')).toEqual({ ok: true, value: null });
    for (const bad of ['-1', '2.5', 'ba mươi', -3, 1.5]) expect(parseQuota(bad).ok).toBe(false);
  });
});
