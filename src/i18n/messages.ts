// Every user-facing sentence lives here, by area, so an English locale can exist beside the Vietnamese one.
// Add keys to `vi` first; `en` may lag (a missing key falls back to Vietnamese).

const vi = {
  app: {
    name: 'Khảo sát trực tuyến Chỉ số CCHC',
    owner: 'Sở Nội vụ',
    skipToContent: 'Bỏ qua đến nội dung chính',
  },
  errors: {
    notFoundTitle: 'Không tìm thấy trang',
    notFound: 'Trang bạn tìm không tồn tại hoặc đã được chuyển đi.',
    forbiddenTitle: 'Không có quyền truy cập',
    forbidden: 'Tài khoản của bạn không có quyền xem trang này.',
    internalTitle: 'Đã xảy ra lỗi',
    internal:
      'Hệ thống gặp sự cố ngoài ý muốn. Dữ liệu bạn đã gửi trước đó không bị mất; vui lòng thử lại sau ít phút.',
    payloadTooLarge: 'Dữ liệu gửi lên quá lớn.',
    rateLimited: 'Bạn đã thao tác quá nhiều lần trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại.',
    csrf: 'Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.',
    busyTitle: 'Hệ thống đang bận',
    busy: 'Hệ thống đang bận, vui lòng thử lại sau ít giây. Dữ liệu bạn gửi chưa được ghi nhận.',
    backHome: 'Về trang chủ',
  },
  ops: {
    backupOntoItself: 'Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng ({file}). Hãy chọn tệp khác.',
    backupDone: 'Đã sao lưu {pages} trang ({bytes} byte) vào {file}',
    backupMissing: 'Không tìm thấy tệp sao lưu "{file}".',
    notADatabase: 'Tệp "{file}" không phải là cơ sở dữ liệu SQLite hợp lệ nên không thể dùng để khôi phục.',
    notCchcDatabase:
      'Tệp "{file}" là cơ sở dữ liệu SQLite nhưng không phải của hệ thống khảo sát CCHC (thiếu bảng migrations).',
    backupCorrupt: 'Tệp "{file}" bị hỏng (kiểm tra toàn vẹn thất bại): {detail}',
    targetExists:
      'Cơ sở dữ liệu "{file}" đã tồn tại. Hãy dừng máy chủ rồi chạy lại với --force để ghi đè bằng bản sao lưu.',
    targetInUse:
      'Cơ sở dữ liệu "{file}" đang được một tiến trình khác mở (máy chủ còn chạy?). Hãy dừng máy chủ trước khi khôi phục.',
    restoreDone: 'Đã khôi phục {file} ({bytes} byte) từ bản sao lưu. Khởi động lại máy chủ để dùng.',
  },
  groups: {
    so_nganh: 'Sở, ban ngành',
    ubnd_huyen: 'UBND cấp huyện',
    dvsn: 'Đơn vị sự nghiệp công lập',
    co_quan_tw: 'Cơ quan Trung ương đóng tại địa phương',
  },
  campaignStatus: { draft: 'Nháp', open: 'Đang khảo sát', closed: 'Đã chốt' },
  campaigns: {
    notFound: 'Không tìm thấy đợt khảo sát.',
    alreadyClosed: 'Đợt khảo sát đã chốt số phiếu.',
    purgeNeedsClosed: 'Chỉ xóa được danh sách người khảo sát sau khi đợt khảo sát đã chốt số phiếu.',
  },
};

type Messages = typeof vi;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const en: DeepPartial<Messages> = {
  app: {
    name: 'CCHC index online survey',
    owner: 'Department of Home Affairs',
    skipToContent: 'Skip to content',
  },
  errors: {
    notFoundTitle: 'Page not found',
    notFound: 'The page you are looking for does not exist.',
    backHome: 'Home',
  },
};

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const messages: Record<Locale, DeepPartial<Messages>> = { vi, en };

/** Looks up 'area.key', filling {name} placeholders; unknown keys in a locale fall back to Vietnamese. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = lookup(messages[locale], key) ?? lookup(vi, key);
  if (typeof text !== 'string') return key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;
export const t: Translate = (key, params) => translate('vi', key, params);

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}
