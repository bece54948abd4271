export const ops = {
  backupOntoItself: 'Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng ({file}). Hãy chọn tệp khác.',
  backupDone: 'Đã sao lưu {pages} trang ({bytes} byte) vào {file}',
  backupMissing: 'Không tìm thấy tệp sao lưu "{file}".',
  fileNotFound: 'Không tìm thấy tệp hoặc thư mục "{file}".',
  fileNotAllowed: 'Không có quyền đọc hoặc ghi tệp "{file}".',
  fileIsDirectory: '"{file}" là một thư mục, không phải một tệp.',
  fileError: 'Không đọc hoặc ghi được tệp "{file}" ({code}).',
  notADatabase: 'Tệp "{file}" không phải là cơ sở dữ liệu SQLite hợp lệ nên không thể dùng để khôi phục.',
  notCchcDatabase:
    'Tệp "{file}" là cơ sở dữ liệu SQLite nhưng không phải của hệ thống khảo sát CCHC (thiếu bảng migrations).',
  backupCorrupt: 'Tệp "{file}" bị hỏng (kiểm tra toàn vẹn thất bại): {detail}',
  targetExists:
    'Cơ sở dữ liệu "{file}" đã tồn tại. Hãy dừng máy chủ rồi chạy lại với --force để ghi đè bằng bản sao lưu.',
  targetInUse:
    'Cơ sở dữ liệu "{file}" đang được một tiến trình khác mở (máy chủ còn chạy?). Hãy dừng máy chủ trước khi khôi phục.',
  alreadyServed:
    'Một máy chủ khác đang chạy trên cơ sở dữ liệu "{file}": không khởi động thêm máy chủ thứ hai.',
  restoreDone: 'Đã khôi phục {file} ({bytes} byte) từ bản sao lưu. Khởi động lại máy chủ để dùng.',
};
