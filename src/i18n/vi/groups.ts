export const groups = {
  so_nganh: 'Sở, ban ngành',
  ubnd_huyen: 'UBND cấp huyện',
  dvsn: 'Đơn vị sự nghiệp công lập',
  co_quan_tw: 'Cơ quan Trung ương đóng tại địa phương',
};
