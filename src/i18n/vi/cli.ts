export const cli = {
  tableFormat: 'Định dạng phải là table hoặc csv.',
  exportWhat: 'Chọn results hoặc responses.',
  fileFormat: 'Định dạng phải là csv hoặc xlsx.',
  unknownUnits: 'Không có đơn vị mã: {codes}.',
  total: 'Tổng',
};
