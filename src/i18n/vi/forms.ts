export const forms = {
  closed: 'Đợt khảo sát đã chốt: không sửa được bộ câu hỏi nữa (điểm đã tính theo phiên bản đang có).',
  unknownFormType: 'Loại phiếu "{formType}" không tồn tại.',
  where: {
    section: 'Phần {n}',
    question: 'câu {n}',
    questionWithId: 'câu {n} ({id})',
    option: 'lựa chọn {n}',
  },
  errors: {
    json: 'Nội dung không phải JSON hợp lệ (thường do thiếu hoặc thừa dấu phẩy, dấu ngoặc hay dấu ngoặc kép).',
    jsonAt:
      'Nội dung không phải JSON hợp lệ: lỗi ở dòng {line}, cột {column} (thường do thiếu hoặc thừa dấu phẩy, dấu ngoặc hay dấu ngoặc kép).',
    missing: 'thiếu trường bắt buộc',
    invalid: 'giá trị không hợp lệ',
    empty: 'không được để trống',
    tooFew: 'cần ít nhất {min} mục',
    min: 'không được nhỏ hơn {min}',
    positive: 'phải lớn hơn {min}',
    max: 'không được lớn hơn {max}',
    oneOf: 'phải là một trong: {values}',
    unknownFields: 'trường không được hỗ trợ (viết sai tên?): {fields}',
    badId: 'mã chỉ gồm chữ không dấu, số và dấu gạch dưới',
    needOptions: 'Câu chọn một hoặc chọn nhiều cần ít nhất 2 lựa chọn.',
    scoredSingle:
      'Câu tính điểm phải là câu chọn một (kind "single") và mỗi lựa chọn phải có fraction từ 0 đến 1; câu chọn nhiều và câu trả lời tự do để points bằng 0.',
    duplicateId: 'Mã câu hỏi bị trùng: {id}',
    type: {
      string: 'phải là chuỗi ký tự trong dấu ngoặc kép',
      number: 'phải là số',
      int: 'phải là số nguyên',
      boolean: 'phải là true hoặc false',
      array: 'phải là danh sách [ … ]',
      object: 'phải là đối tượng { … }',
    },
  },
};
