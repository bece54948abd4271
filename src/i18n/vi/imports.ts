export const imports = {
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
  unknownUnitName: 'Đơn vị "{value}" không có trong đợt khảo sát này (ghi đúng mã hoặc tên đơn vị).',
  badPoints: 'Điểm phải là số từ 0 đến {max} (ví dụ 62,5): "{value}".',
  pointsAboveMax: 'Điểm thẩm định {value} lớn hơn điểm tối đa {max}.',
  duplicateInvitation: 'Người có email này đã có phiếu {form} ở dòng {row}.',
  badDate: 'Ngày không hợp lệ: "{value}" (ví dụ đúng: 04/12/2023 hoặc 17:00 04/12/2023).',
  badGroup:
    'Nhóm không hợp lệ: "{value}" (dùng: so_nganh, ubnd_huyen, dvsn, co_quan_tw hoặc tên nhóm, ví dụ "UBND cấp huyện").',
  badQuota: 'Chỉ tiêu phải là số nguyên từ 0 đến {max}: "{value}".',
  sendAfterDeadline: 'Ngày gửi {send} sau hạn trả lời {time} ngày {date}.',
  answeredUnitKept: 'Người này đã trả lời phiếu {form} nên giữ nguyên đơn vị cũ của phiếu đó.',
  warnings: {
    deadlinePassed:
      'Hạn trả lời {time} ngày {date} đã qua: đơn vị vẫn được nhập nhưng sẽ không được gửi thư mời.',
    unitPastDeadline:
      'Đơn vị {unit} đã hết hạn trả lời ({time} ngày {date}): {count} phiếu mời vẫn được tạo nhưng sẽ không được gửi; gia hạn cho đơn vị nếu cần.',
    noQuota:
      'Đơn vị {unit} không có chỉ tiêu phiếu {form}: {count} phiếu mời loại này vẫn được tạo; kiểm tra lại loại phiếu hoặc chỉ tiêu.',
    formAlreadyListed: 'Người có email này đã có phiếu {form} ở dòng {row}: dòng này chỉ thêm phiếu {added}.',
    sameName:
      '{email} ({name}) trùng họ tên với {existing} đã có trong danh sách của đơn vị {unit}: dòng này được nhập như một người mới, còn {existing} giữ nguyên địa chỉ và đường dẫn. Nếu đây là cùng một người đổi địa chỉ, hãy bỏ dòng này khỏi tệp và sửa địa chỉ trong danh sách của đơn vị.',
  },
  // A problem stored, before messages by key, as a finished Vietnamese sentence: shown as it was written.
  asWritten: '{text}',
  alreadyCommitted: 'Tệp này đã được nhập.',
  uploadNotFound: 'Không tìm thấy tệp đã tải lên.',
  unusableUpload: 'Tệp này không dùng được nên không thể ghi; hãy sửa tệp rồi tải lên lại.',
  limits: {
    rows: 'Tệp có hơn {limit} dòng (tính cả dòng trống). Hãy xóa các dòng trống ở cuối bảng, hoặc tách danh sách thành nhiều tệp nhỏ hơn rồi nhập lần lượt.',
    cells:
      'Tệp có hơn {limit} ô. Hãy xóa các cột và dòng không cần nhập (cả các ô trống đã được định dạng), hoặc tách danh sách thành nhiều tệp nhỏ hơn.',
    rowChars:
      'Dòng {row} của tệp dài hơn {limit} ký tự. Hãy xem lại dòng này (có thể cả một văn bản bị dán nhầm vào một ô), sửa rồi tải lên lại.',
    textChars:
      'Các cột cần nhập có tổng cộng hơn {limit} ký tự. Hãy tách danh sách thành nhiều tệp nhỏ hơn rồi nhập lần lượt.',
    contentBytes:
      'Nội dung tệp lớn hơn {limit} MB (tệp .xlsx tính sau khi giải nén). Hãy xóa các trang tính, cột và dòng không cần nhập, hoặc tách danh sách thành nhiều tệp nhỏ hơn.',
    sheets:
      'Bảng tính có hơn {limit} trang tính. Hãy chép danh sách cần nhập sang một tệp mới chỉ có trang tính đó.',
    sharedStrings:
      'Bảng tính có hơn {limit} đoạn chữ khác nhau. Hãy xóa các trang tính và cột không cần nhập, hoặc tách danh sách thành nhiều tệp nhỏ hơn.',
    sharedStringChars:
      'Chữ trong các ô của bảng tính dài tổng cộng hơn {limit} ký tự. Hãy xóa các trang tính và cột không cần nhập, hoặc tách danh sách thành nhiều tệp nhỏ hơn.',
    parserHeapMb:
      'Đọc tệp này cần hơn {limit} MB bộ nhớ. Hãy xóa các trang tính, cột và dòng không cần nhập, hoặc tách danh sách thành nhiều tệp nhỏ hơn.',
  },
  report: {
    file: 'Tệp: {file}',
    sheet: 'Trang tính: {sheet}',
    header: 'Dòng tiêu đề: dòng {row}',
    rows: 'Số dòng dữ liệu: {total}, hợp lệ: {valid}, có lỗi: {invalid}',
    errorsTitle: 'Lỗi ({count}):',
    warningsTitle: 'Cần kiểm tra ({count}), các dòng này vẫn được nhập:',
    error: '  Dòng {row}{column}: {message}',
    moreErrors: '  ... và {count} lỗi khác',
    omitted: '  {count} dòng khác{column}: {message}',
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
};
