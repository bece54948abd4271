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
  imports: {
    fileEmpty: 'Tệp không có dữ liệu.',
    notTabular:
      'Tệp "{file}" không phải là tệp CSV hoặc Excel (.xlsx); có thể đây là ảnh hoặc tệp khác bị đổi đuôi.',
    notWorkbook:
      'Tệp "{file}" không phải là bảng tính Excel (.xlsx) hợp lệ: tệp bị hỏng hoặc chỉ được đổi đuôi.',
    notUtf8:
      'Tệp CSV không dùng bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Hãy lưu lại bằng "CSV UTF-8 (Comma delimited)" hoặc dùng tệp .xlsx.',
    csvUnreadable: 'Không đọc được tệp CSV (lỗi định dạng gần dòng {detail}).',
    unsupportedExtension: 'Không hỗ trợ tệp "{ext}". Vui lòng dùng tệp .csv hoặc .xlsx.',
    legacyXls: 'Không hỗ trợ tệp .xls (Excel 97-2003). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx.',
    noHeader: 'Không tìm thấy dòng tiêu đề trong {rows} dòng đầu của tệp. Cần có các cột: {columns}.',
    wrongSheet:
      'Không trang tính nào có dòng tiêu đề hợp lệ trong {rows} dòng đầu (đã xem: {sheets}). Cần có các cột: {columns}.',
    missingColumns: 'Dòng tiêu đề thiếu cột bắt buộc: {columns}.',
    required: 'Thiếu giá trị bắt buộc.',
    badEmail: 'Địa chỉ email không hợp lệ: "{value}".',
    unknownUnit: 'Mã đơn vị "{value}" không có trong đợt khảo sát này.',
    unknownForm: 'Loại phiếu không hợp lệ: "{value}" (dùng: {known}).',
    duplicateRow: 'Trùng với dòng {row}.',
    badDate: 'Ngày không hợp lệ: "{value}" (ví dụ đúng: 04/12/2023 hoặc 17:00 04/12/2023).',
    badGroup:
      'Nhóm không hợp lệ: "{value}" (dùng: so_nganh, ubnd_huyen, dvsn, co_quan_tw hoặc tên nhóm, ví dụ "UBND cấp huyện").',
    badQuota: 'Chỉ tiêu phải là số nguyên không âm: "{value}".',
    answeredUnitKept: 'Người này đã trả lời phiếu {form} nên giữ nguyên đơn vị cũ của phiếu đó.',
    alreadyCommitted: 'Tệp này đã được nhập.',
    uploadNotFound: 'Không tìm thấy tệp đã tải lên.',
    report: {
      file: 'Tệp: {file}',
      sheet: 'Trang tính: {sheet}',
      header: 'Dòng tiêu đề: dòng {row}',
      rows: 'Số dòng dữ liệu: {total}, hợp lệ: {valid}, có lỗi: {invalid}',
      errorsTitle: 'Lỗi ({count}):',
      error: '  Dòng {row}{column}: {message}',
      moreErrors: '  ... và {count} lỗi khác',
      unusable: 'Không thể nhập tệp này.',
      wouldDo: 'Nếu ghi (--commit): thêm mới {created}, cập nhật {updated}, không đổi {unchanged}',
      did: 'Đã ghi: thêm mới {created}, cập nhật {updated}, không đổi {unchanged}',
      invitations: '; phiếu mời mới: {count}',
      dryRunHint: 'Đây là chạy thử, chưa ghi gì. Thêm --commit để ghi các dòng hợp lệ.',
    },
    progress: {
      columns: 'Mã ĐV|Đơn vị|Loại phiếu|Chỉ tiêu|Đã mời|Đã gửi|Thư bị trả lại|Đã trả lời|% chỉ tiêu',
      empty: 'Đợt khảo sát chưa có đơn vị hoặc chỉ tiêu nào.',
      unknownUnit: 'Không có đơn vị mã "{code}" trong đợt khảo sát này.',
    },
    demo: {
      created: 'Đã tạo đợt khảo sát mẫu #{id}: {name} (đang mở)',
      counts:
        '{units} đơn vị trong 4 nhóm, {people} người được khảo sát, {invitations} phiếu mời; lịch gửi và hạn trả lời trong tháng 11–12/{year}.',
      hint: 'Xem tiến độ: npm run cli -- progress --campaign {id}    Chạy web: npm start',
    },
  },
  results: {
    title: 'Kết quả điều tra xã hội học',
    unitTitle: 'Chi tiết điểm của đơn vị',
    printTitle: 'Báo cáo kết quả điểm điều tra xã hội học',
    provisional:
      'Kết quả tạm tính: đợt khảo sát chưa chốt số phiếu, điểm được tính trực tiếp từ các phiếu đã nhận và còn thay đổi.',
    previousClose: 'Kết quả đã chốt lúc {at} vẫn được lưu và sẽ được thay thế khi chốt lại.',
    frozen: 'Kết quả đã chốt lúc {at}.',
    explainNoQuota: 'không giao chỉ tiêu ({received} phiếu) → không giảm điểm',
    explainMet: 'đạt {received}/{quota} phiếu → không giảm điểm',
    explainReduced: 'đạt {received}/{quota} phiếu → giảm {percent}% điểm',
    unit: 'Cơ quan, đơn vị, địa phương',
    code: 'Mã',
    formType: 'Loại phiếu',
    receivedQuota: 'Phiếu nhận / chỉ tiêu',
    raw: 'Điểm trước giảm trừ',
    final: 'Điểm đạt',
    reduction: 'Điểm giảm trừ',
    explanation: 'Giải thích',
    unitTotal: 'Tổng của đơn vị',
    groupTotal: 'Cộng nhóm',
    grandTotal: 'Tổng cộng',
    maxPoints: 'Điểm tối đa {form}: {points}',
    sortBy: 'Sắp xếp theo',
    noUnits: 'Đợt khảo sát chưa có đơn vị nào có chỉ tiêu hoặc phiếu trả lời.',
    exports: 'Tải xuống',
    exportResultsCsv: 'Kết quả (CSV)',
    exportResultsXlsx: 'Kết quả (Excel)',
    exportResponsesCsv: 'Phiếu trả lời ẩn danh (CSV)',
    exportResponsesXlsx: 'Phiếu trả lời ẩn danh (Excel)',
    print: 'Bản in báo cáo',
    backToResults: '← Kết quả của đợt khảo sát',
    question: 'Câu hỏi',
    points: 'Điểm',
    answering: 'Số phiếu trả lời',
    distribution: 'Phân bố lựa chọn',
    meanFraction: 'Tỷ lệ điểm bình quân',
    earned: 'Điểm đạt được',
    notScored: 'không tính điểm',
    selections: '{count} lượt chọn',
    versionNote: 'Phiên bản phiếu {version}: {responses} phiếu',
    close: 'Chốt số phiếu',
    closeHelp: 'Chốt số phiếu sẽ dừng nhận phiếu và lưu lại điểm của từng đơn vị.',
    closed: 'Đã chốt số phiếu và lưu kết quả.',
    reopen: 'Mở lại đợt khảo sát',
    reopenReason: 'Lý do mở lại (bắt buộc, được ghi nhật ký)',
    reopened: 'Đã mở lại đợt khảo sát.',
    closeDraft: 'Đợt khảo sát chưa mở nên không thể chốt số phiếu.',
    reopenReasonRequired: 'Vui lòng ghi lý do mở lại đợt khảo sát.',
    reopenNotClosed: 'Chỉ mở lại được đợt khảo sát đã chốt.',
    unitNotFound: 'Đơn vị không có chỉ tiêu hay phiếu trả lời trong đợt khảo sát này.',
    printHeaderProvince: 'UBND TỈNH {province}',
    printHeaderDepartment: 'SỞ NỘI VỤ',
    printNation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    printMotto: 'Độc lập - Tự do - Hạnh phúc',
    printDate: '{place}, ngày {day} tháng {month} năm {year}',
    printProvisional: 'KẾT QUẢ TẠM TÍNH — CHƯA CHỐT SỐ PHIẾU',
    printRule:
      'Điểm đạt = điểm trước giảm trừ × (số phiếu nhận, tối đa bằng chỉ tiêu) / chỉ tiêu; đơn vị không đạt số phiếu theo kế hoạch bị giảm điểm tương ứng với số phiếu không thực hiện.',
    printAction: 'In báo cáo',
    exportHeaders: {
      group: 'Nhóm',
      unitCode: 'Mã đơn vị',
      unitName: 'Tên đơn vị',
      formType: 'Loại phiếu',
      definitionVersion: 'Phiên bản phiếu',
      received: 'Số phiếu nhận',
      quota: 'Chỉ tiêu',
      maxPoints: 'Điểm tối đa',
      raw: 'Điểm trước giảm trừ',
      final: 'Điểm đạt',
      reduction: 'Điểm giảm trừ',
      explanation: 'Giải thích',
      day: 'Ngày trả lời',
    },
    cli: {
      closed: 'Đã chốt đợt khảo sát #{id} lúc {at}: {rows} dòng điểm.',
      alreadyClosed: 'Đợt khảo sát #{id} đã được chốt từ {at}; kết quả không thay đổi.',
      reopened: 'Đã mở lại đợt khảo sát #{id}.',
      exported: 'Đã ghi {file}.',
    },
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
