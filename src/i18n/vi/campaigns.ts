export const campaignStatus = { draft: 'Nháp', open: 'Đang khảo sát', closed: 'Đã chốt' };

export const campaigns = {
  notFound: 'Không tìm thấy đợt khảo sát.',
  alreadyClosed: 'Đợt khảo sát đã chốt số phiếu.',
  purgeNeedsClosed: 'Chỉ xóa được danh sách người khảo sát sau khi đợt khảo sát đã chốt số phiếu.',
  deleteOnlyDraft:
    'Chỉ xóa được đợt khảo sát chưa mở. Đợt đã mở (thư mời có thể đã gửi đi) thì chốt số phiếu, rồi xóa dữ liệu cá nhân nếu cần.',
};
