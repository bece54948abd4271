export const cli = {
  tableFormat: 'Định dạng phải là table hoặc csv.',
  exportWhat: 'Chọn results hoặc responses.',
  fileFormat: 'Định dạng phải là csv hoặc xlsx.',
  dialect: 'Kiểu CSV phải là vi (dấu ;, số thập phân dấu phẩy, cho Excel tiếng Việt) hoặc standard.',
  pointsOption: 'Thang điểm ghi dạng nhóm=điểm, ví dụ so_nganh=32 (nhóm: {groups}).',
  unknownUnits: 'Không có đơn vị mã: {codes}.',
  total: 'Tổng',
};
