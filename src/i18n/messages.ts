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
  survey: {
    greeting: 'Kính gửi Ông/Bà {name},',
    greetingNoName: 'Kính gửi Ông/Bà,',
    unit: 'Cơ quan, đơn vị',
    formType: 'Loại phiếu',
    deadline: 'Hạn trả lời: {time}',
    anonymous: 'Phiếu không ghi tên; câu trả lời chỉ được tổng hợp theo cơ quan, đơn vị.',
    requiredHint: 'Câu có dấu * là câu bắt buộc.',
    requiredMark: '(bắt buộc)',
    section: 'Phần {n}/{total}',
    question: 'Câu {n}',
    textHint: 'Tối đa {max} ký tự.',
    progress: 'Đã trả lời {n}/{total} câu',
    progressServer: 'Phiếu gồm {total} câu trong {sections} phần.',
    submit: 'Gửi phiếu khảo sát',
    submitNote: 'Mỗi đường dẫn chỉ gửi được một lần; vui lòng kiểm tra lại trước khi gửi.',
    draftKept: 'Câu trả lời được lưu tạm trên trình duyệt này cho đến khi Ông/Bà gửi phiếu.',
    otherFormsTitle: 'Ông/Bà còn được mời trả lời phiếu khác',
    otherFormsIntro: 'Ông/Bà thuộc nhiều nhóm đối tượng khảo sát; mỗi loại phiếu được trả lời riêng:',
    otherAnswered: 'đã trả lời',
    otherPending: 'chưa trả lời',
    openOther: 'Mở {name}',
    errorSummaryTitle: 'Có {n} câu cần bổ sung hoặc sửa lại',
    errorSummaryIntro: 'Phiếu chưa được gửi. Các câu trả lời khác vẫn được giữ nguyên.',
    errors: {
      required: 'Vui lòng trả lời câu này.',
      invalidOption: 'Lựa chọn không hợp lệ, vui lòng chọn lại.',
      onlyOne: 'Câu này chỉ được chọn một phương án.',
      invalidText: 'Nội dung không hợp lệ.',
      tooLong: 'Nội dung dài quá {max} ký tự, vui lòng rút gọn.',
    },
    thankYouTitle: 'Đã nhận phiếu khảo sát',
    thankYou:
      'Sở Nội vụ đã nhận thành công {formType} của Ông/Bà ({unit}). Trân trọng cảm ơn Ông/Bà đã dành thời gian trả lời.',
    thankYouMail: 'Thư xác nhận sẽ được gửi đến hộp thư của Ông/Bà trong ít phút.',
    thankYouOther: 'Ông/Bà vẫn còn phiếu chưa trả lời, vui lòng hoàn thành:',
    thankYouDone: 'Ông/Bà đã hoàn thành tất cả các phiếu được mời trả lời.',
    contact:
      'Nếu cần hỗ trợ, Ông/Bà vui lòng liên hệ Sở Nội vụ (Phòng Cải cách hành chính) hoặc công chức đầu mối của cơ quan, đơn vị mình.',
    refused: {
      unknownTitle: 'Đường dẫn không hợp lệ',
      unknown:
        'Không tìm thấy phiếu khảo sát ứng với đường dẫn này. Vui lòng mở lại đường dẫn trong thư mời, chú ý sao chép đầy đủ.',
      revokedTitle: 'Đường dẫn đã được thay thế',
      revoked:
        'Đường dẫn này đã được thay bằng một đường dẫn mới. Vui lòng kiểm tra thư mời mới nhất trong hộp thư của Ông/Bà.',
      answeredTitle: 'Phiếu đã được trả lời',
      answered: 'Phiếu khảo sát này đã được gửi lúc {time}. Mỗi phiếu chỉ được trả lời một lần.',
      draftTitle: 'Đợt khảo sát chưa bắt đầu',
      draft: 'Đợt khảo sát chưa mở để nhận phiếu trả lời.',
      opensAt: 'Thời gian bắt đầu nhận phiếu: {time}.',
      notYetOpenTitle: 'Đợt khảo sát chưa bắt đầu',
      notYetOpen: 'Đợt khảo sát chưa đến thời gian nhận phiếu trả lời.',
      pastDeadlineTitle: 'Đã hết hạn trả lời',
      pastDeadline:
        'Thời hạn trả lời phiếu khảo sát của cơ quan, đơn vị Ông/Bà đã kết thúc lúc {time}. Phiếu không còn nhận trả lời.',
      closedTitle: 'Đợt khảo sát đã kết thúc',
      closed: 'Đợt khảo sát đã chốt số phiếu; phiếu không còn nhận trả lời.',
      rateLimitedTitle: 'Thao tác quá nhanh',
      nothingStored: 'Câu trả lời Ông/Bà vừa gửi chưa được ghi nhận.',
    },
  },
  groups: {
    so_nganh: 'Sở, ban ngành',
    ubnd_huyen: 'UBND cấp huyện',
    dvsn: 'Đơn vị sự nghiệp công lập',
    co_quan_tw: 'Cơ quan Trung ương đóng tại địa phương',
  },
  campaignStatus: { draft: 'Nháp', open: 'Đang khảo sát', closed: 'Đã chốt' },
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
