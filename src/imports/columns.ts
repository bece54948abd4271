import type { ImportKind } from './types';
import { normalizeKey } from './normalize-key';

export type UnitField =
  | 'code'
  | 'name'
  | 'group'
  | 'quota_cbcc'
  | 'quota_hdnd'
  | 'quota_nguoi_dan'
  | 'quota_to_chuc'
  | 'send_on'
  | 'deadline';
export type RespondentField = 'email' | 'full_name' | 'unit' | 'form';
export type Field = UnitField | RespondentField;

export type TableSpec = {
  /** The column whose presence marks a row as the header. */
  keyField: Field;
  required: Field[];
  /** Canonical column name shown to users, then accepted synonyms (any case, diacritics, spacing). */
  columns: Partial<Record<Field, string[]>>;
};

export const TABLE_SPECS: Record<ImportKind, TableSpec> = {
  units: {
    keyField: 'code',
    required: ['code', 'name', 'group'],
    columns: {
      code: ['ma_don_vi', 'code', 'unit_code', 'mã đv', 'mã cơ quan', 'mã'],
      name: ['ten_don_vi', 'name', 'unit_name', 'tên cơ quan', 'tên cơ quan, đơn vị', 'tên', 'đơn vị'],
      group: ['nhom', 'group', 'nhóm đơn vị', 'khối', 'unit_group'],
      quota_cbcc: ['chi_tieu_cbcc', 'quota_cbcc', 'số phiếu cbcc', 'chỉ tiêu cbccvc', 'số phiếu cbccvc'],
      quota_hdnd: ['chi_tieu_hdnd', 'quota_hdnd', 'số phiếu hđnd', 'chỉ tiêu đại biểu hđnd'],
      quota_nguoi_dan: ['chi_tieu_nguoi_dan', 'quota_nguoi_dan', 'số phiếu người dân', 'chỉ tiêu người dân'],
      quota_to_chuc: [
        'chi_tieu_to_chuc',
        'quota_to_chuc',
        'số phiếu tổ chức, doanh nghiệp',
        'chỉ tiêu tổ chức',
      ],
      send_on: ['ngay_gui', 'send_on', 'ngày gửi phiếu', 'ngày gửi thư', 'send_date'],
      deadline: ['han_tra_loi', 'deadline', 'thời hạn trả lời', 'hạn trả lời phiếu', 'thời hạn', 'hạn chót'],
    },
  },
  respondents: {
    keyField: 'email',
    required: ['email', 'unit', 'form'],
    columns: {
      email: ['email', 'e-mail', 'địa chỉ email', 'thư điện tử', 'địa chỉ thư điện tử'],
      full_name: ['ho_ten', 'full_name', 'họ và tên', 'name', 'tên người khảo sát'],
      unit: ['ma_don_vi', 'unit', 'unit_code', 'mã đv', 'mã cơ quan'],
      form: ['loai_phieu', 'form', 'form_type', 'loại phiếu khảo sát', 'phiếu', 'phiếu khảo sát'],
    },
  },
};

const lookups = new Map<ImportKind, Map<string, Field>>();

/** The field a header cell names, if any. */
export function fieldOfHeader(kind: ImportKind, header: string): Field | undefined {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const [field, names] of Object.entries(TABLE_SPECS[kind].columns)) {
      for (const name of names) lookup.set(normalizeKey(name), field as Field);
    }
    lookups.set(kind, lookup);
  }
  return lookup.get(normalizeKey(header));
}

/** Canonical column names, for messages ("ma_don_vi, ten_don_vi, nhom"). */
export function columnNames(kind: ImportKind, fields: Field[]): string {
  return fields.map((f) => TABLE_SPECS[kind].columns[f]?.[0] ?? f).join(', ');
}
