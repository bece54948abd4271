export const mail = {
  defaultSender: 'Sở Nội vụ',
  campaignNotFound: 'Không tìm thấy đợt khảo sát.',
  campaignDraft: 'Đợt khảo sát đang ở trạng thái nháp: mở đợt khảo sát trước khi gửi thư mời.',
  campaignClosed: 'Đợt khảo sát đã chốt số phiếu: không gửi thư mời hay nhắc lại được nữa.',
  pastDeadline:
    'Đơn vị đã quá hạn trả lời ({deadline}): đường dẫn khảo sát không còn nhận trả lời nên không gửi lại thư được nữa.',
  invitationNotFound: 'Không tìm thấy thư mời.',
  alreadyAnswered: 'Người này đã trả lời phiếu khảo sát; không gửi lại thư mời.',
  invalidEmail: 'Địa chỉ thư điện tử "{email}" không hợp lệ.',
  emailTaken:
    'Địa chỉ {email} đã thuộc về một người khác trong đợt khảo sát này. Nếu đó đúng là cùng một người (chẳng hạn địa chỉ đã được sửa ở đơn vị khác), hãy đề nghị quản trị viên (Sở Nội vụ) sửa để gộp các phiếu của người này.',
  messageNotFound: 'Không tìm thấy thư trong hộp thư đi.',
  templateInvalid: 'Mẫu thư "{kind}" có lỗi, chưa lưu:',
  template: {
    empty: 'Nội dung thư đang để trống.',
    tooLong: 'Nội dung thư dài quá {max} ký tự.',
    code: 'Dòng {line}: mẫu thư không còn viết bằng EJS; thay “{code}” bằng một trường trong danh sách, ví dụ {ho_ten}.',
    unknownField: 'Dòng {line}: không có trường {field} (xem danh sách các trường dùng được).',
    unknownFieldHint: 'Dòng {line}: không có trường {field}; có phải {suggestion}?',
    ownLine: 'Dòng {line}: trường {field} phải đứng riêng một dòng.',
    linkRequired: {
      invitation: 'Thư mời cần có trường {field} (đường dẫn khảo sát riêng của người nhận).',
      reminder: 'Thư nhắc cần có trường {field} (đường dẫn khảo sát riêng của người nhận).',
    },
  },
  openForm: 'Mở phiếu khảo sát',
  copyLink: 'Nếu nút trên không mở được, sao chép đường dẫn sau vào trình duyệt:',
  othersIntro: {
    invitation: 'Ông/Bà thuộc nhiều nhóm đối tượng khảo sát, vui lòng trả lời đầy đủ các phiếu:',
    reminder: 'Ông/Bà còn phiếu khác chưa trả lời:',
    thank_you: 'Ông/Bà còn phiếu chưa trả lời, vui lòng hoàn thành:',
  },
  personalDataNotice:
    '{sender} sử dụng địa chỉ thư điện tử này (do cơ quan, đơn vị của Ông/Bà cung cấp) chỉ để gửi phiếu khảo sát và thư xác nhận của đợt khảo sát này.',
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
  expedited: 'Đã chuyển {count} thư đang chờ gửi lại (sau lỗi tạm thời) sang gửi ngay.',
  alreadyQueued: 'Đợt khảo sát còn {count} thư đã xếp hàng từ trước chưa gửi xong; gửi cùng lúc.',
  waitStopped:
    'Chưa gửi được {count} thư (lỗi tạm thời: "{error}"). Các thư này vẫn nằm trong hộp thư đi, ' +
    'không mất: máy chủ web (npm start) tự gửi lại sau ít phút; hoặc khi máy chủ thư hoạt động trở lại, chạy ' +
    'lại lệnh này với --wait (hoặc "outbox retry --campaign {campaign}") để gửi ngay.',
  outboxTitle: 'Hộp thư đi',
  lastFailures: 'Các lỗi gửi gần nhất',
  noFailures: 'Không có thư gửi lỗi.',
};
