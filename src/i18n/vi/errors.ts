export const errors = {
  notFoundTitle: 'Không tìm thấy trang',
  notFound: 'Trang bạn tìm không tồn tại hoặc đã được chuyển đi.',
  invalidField: 'Giá trị không hợp lệ, vui lòng kiểm tra lại.',
  forbiddenTitle: 'Không có quyền truy cập',
  forbidden: 'Tài khoản của bạn không có quyền xem trang này.',
  internalTitle: 'Đã xảy ra lỗi',
  internal:
    'Hệ thống gặp sự cố ngoài ý muốn. Dữ liệu bạn đã gửi trước đó không bị mất; vui lòng thử lại sau ít phút.',
  badRequestTitle: 'Yêu cầu không hợp lệ',
  badRequest:
    'Dữ liệu gửi lên không hợp lệ: có trường bị gửi nhiều lần, quá dài hoặc sai kiểu. Vui lòng tải lại trang, nhập lại và gửi lại.',
  payloadTooLarge: 'Dữ liệu gửi lên quá lớn.',
  rateLimited: 'Bạn đã thao tác quá nhiều lần trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại.',
  csrf: 'Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.',
  busyTitle: 'Hệ thống đang bận',
  busy: 'Hệ thống đang bận, vui lòng thử lại sau ít giây. Dữ liệu bạn gửi chưa được ghi nhận.',
  backHome: 'Về trang chủ',
};
