export const campaignStatus = { draft: 'Nháp', open: 'Đang khảo sát', closed: 'Đã chốt' };

export const campaigns = {
  notFound: 'Không tìm thấy đợt khảo sát.',
  alreadyClosed: 'Đợt khảo sát đã chốt số phiếu.',
  purgeNeedsClosed: 'Chỉ xóa được danh sách người được khảo sát sau khi đợt khảo sát đã chốt số phiếu.',
  deleteOnlyDraft:
    'Chỉ xóa được đợt khảo sát chưa mở. Đợt đã mở (thư mời có thể đã gửi đi) thì chốt số phiếu, rồi xóa dữ liệu cá nhân nếu cần.',
  unitStatus: {
    reached: 'Đạt chỉ tiêu',
    behind: 'Đang thiếu',
    listShort: 'Không thể đạt: danh sách thiếu',
    overdue: 'Quá hạn',
  },
  listShort: 'Danh sách {listed} người < chỉ tiêu {quota}: cần bổ sung {missing} người',
  listShortOf: '{form}: danh sách {listed} người < chỉ tiêu {quota}: cần bổ sung {missing} người',
  listOfQuota: 'Danh sách {listed} người · chỉ tiêu {quota}',
  missingAnswers: 'thiếu {n} phiếu',
  daysLeft: 'còn {n} ngày',
  noQuota: 'Không giao chỉ tiêu',
};
