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
    backHome: 'Về trang chủ',
  },
  groups: {
    so_nganh: 'Sở, ban ngành',
    ubnd_huyen: 'UBND cấp huyện',
    dvsn: 'Đơn vị sự nghiệp công lập',
    co_quan_tw: 'Cơ quan Trung ương đóng tại địa phương',
  },
  campaignStatus: { draft: 'Nháp', open: 'Đang khảo sát', closed: 'Đã chốt' },
  mail: {
    defaultSender: 'Sở Nội vụ',
    campaignNotFound: 'Không tìm thấy đợt khảo sát.',
    campaignDraft: 'Đợt khảo sát đang ở trạng thái nháp: mở đợt khảo sát trước khi gửi thư mời.',
    campaignClosed: 'Đợt khảo sát đã chốt số phiếu: không gửi thư mời hay nhắc lại được nữa.',
    invitationNotFound: 'Không tìm thấy thư mời.',
    alreadyAnswered: 'Người này đã trả lời phiếu khảo sát; không gửi lại thư mời.',
    invalidEmail: 'Địa chỉ thư điện tử "{email}" không hợp lệ.',
    emailTaken: 'Địa chỉ {email} đã thuộc về một người khác trong đợt khảo sát này.',
    messageNotFound: 'Không tìm thấy thư trong hộp thư đi.',
    templateShape: 'Mẫu thư không đúng cấu trúc: mỗi loại thư cần có phần HTML và phần văn bản.',
    templateInvalid: 'Mẫu thư "{kind}" có lỗi, chưa lưu: {reason}',
    unitNotFound: 'Không tìm thấy đơn vị có mã {code} trong đợt khảo sát.',
    kinds: { invitation: 'Thư mời', reminder: 'Thư nhắc', thank_you: 'Thư cảm ơn', other: 'Thư khác' },
    outboxStatus: {
      queued: 'Chờ gửi',
      sending: 'Đang gửi',
      sent: 'Đã gửi',
      failed: 'Gửi lỗi',
      bounced: 'Bị trả lại',
    },
    deliveryStatus: {
      not_sent: 'Chưa gửi',
      queued: 'Chờ gửi',
      sent: 'Đã gửi',
      failed: 'Gửi lỗi',
      bounced: 'Bị trả lại',
      answered: 'Đã trả lời',
    },
    queued: 'Đã xếp {count} thư vào hàng đợi gửi.',
    progress: 'Đã gửi {sent}/{total} thư (chờ {waiting}, lỗi {failed}, bị trả lại {bounced}).',
    retried: 'Đã đưa lại {count} thư gửi lỗi vào hàng đợi.',
    outboxTitle: 'Hộp thư đi',
    lastFailures: 'Các lỗi gửi gần nhất',
    noFailures: 'Không có thư gửi lỗi.',
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
  mail: {
    defaultSender: 'Department of Home Affairs',
    kinds: { invitation: 'Invitation', reminder: 'Reminder', thank_you: 'Thank-you', other: 'Other' },
    outboxStatus: {
      queued: 'Queued',
      sending: 'Sending',
      sent: 'Sent',
      failed: 'Failed',
      bounced: 'Bounced',
    },
    deliveryStatus: {
      not_sent: 'Not sent',
      queued: 'Queued',
      sent: 'Sent',
      failed: 'Failed',
      bounced: 'Bounced',
      answered: 'Answered',
    },
    progress: 'Sent {sent}/{total} (waiting {waiting}, failed {failed}, bounced {bounced}).',
    outboxTitle: 'Outbox',
    lastFailures: 'Latest failures',
    noFailures: 'No failed messages.',
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
