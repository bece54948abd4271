import type { UnitGroup } from '../db/schema';

/** A unit of the Sóc Trăng list with the survey plan a Sở Nội vụ would give it. */
export type PlannedUnit = {
  code: string;
  name: string;
  group: UnitGroup;
  quotaCbcc: number;
  quotaHdnd: number;
  /** Sending day and answer deadline (17:00) as month-day in November–December, like the letters' annex. */
  sendOn: string;
  deadline: string;
};

const unit = (
  code: string,
  name: string,
  group: UnitGroup,
  quotaCbcc: number,
  quotaHdnd: number,
  sendOn: string,
  deadline: string,
): PlannedUnit => ({ code, name, group, quotaCbcc, quotaHdnd, sendOn, deadline });

/**
 * The 47 units of Công văn 2628/SNV-CCHC (Sóc Trăng, 20/12/2018): 21 sở, ban ngành, 11 UBND cấp huyện,
 * 8 đơn vị sự nghiệp công lập, 7 cơ quan Trung ương đóng tại địa phương. HĐND forms go to the provincial
 * council's office and to the district councils; everyone else answers the CBCCVC form only.
 */
export const SOC_TRANG_2018_UNITS: PlannedUnit[] = [
  unit('VPUBND', 'Văn phòng Ủy ban nhân dân tỉnh', 'so_nganh', 30, 0, '11-18', '12-02'),
  unit('VPDDBQH', 'Văn phòng Đoàn đại biểu Quốc hội', 'so_nganh', 15, 0, '11-18', '12-02'),
  unit('VPHDND', 'Văn phòng Hội đồng nhân dân tỉnh', 'so_nganh', 15, 25, '11-18', '12-02'),
  unit('STP', 'Sở Tư pháp', 'so_nganh', 25, 0, '11-18', '12-03'),
  unit('SNV', 'Sở Nội vụ', 'so_nganh', 30, 0, '11-18', '12-03'),
  unit('STC', 'Sở Tài chính', 'so_nganh', 30, 0, '11-18', '12-03'),
  unit('SKHDT', 'Sở Kế hoạch và Đầu tư', 'so_nganh', 30, 0, '11-18', '12-03'),
  unit('SNNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn', 'so_nganh', 40, 0, '11-19', '12-04'),
  unit('SKHCN', 'Sở Khoa học và Công nghệ', 'so_nganh', 20, 0, '11-19', '12-04'),
  unit('TTT', 'Thanh tra tỉnh', 'so_nganh', 20, 0, '11-19', '12-04'),
  unit('STNMT', 'Sở Tài nguyên và Môi trường', 'so_nganh', 30, 0, '11-19', '12-04'),
  unit('SCT', 'Sở Công Thương', 'so_nganh', 30, 0, '11-19', '12-04'),
  unit('SXD', 'Sở Xây dựng', 'so_nganh', 25, 0, '11-20', '12-05'),
  unit('BQLKCN', 'Ban Quản lý các khu công nghiệp', 'so_nganh', 15, 0, '11-20', '12-05'),
  unit('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'so_nganh', 30, 0, '11-20', '12-05'),
  unit('SLDTBXH', 'Sở Lao động, Thương binh và Xã hội', 'so_nganh', 30, 0, '11-20', '12-05'),
  unit('SGDDT', 'Sở Giáo dục và Đào tạo', 'so_nganh', 40, 0, '11-20', '12-05'),
  unit('SYT', 'Sở Y tế', 'so_nganh', 40, 0, '11-21', '12-06'),
  unit('STTTT', 'Sở Thông tin và Truyền thông', 'so_nganh', 20, 0, '11-21', '12-06'),
  unit('SGTVT', 'Sở Giao thông vận tải', 'so_nganh', 30, 0, '11-21', '12-06'),
  unit('BDT', 'Ban Dân tộc', 'so_nganh', 15, 0, '11-21', '12-06'),
  unit('TPST', 'Thành phố Sóc Trăng', 'ubnd_huyen', 60, 30, '11-25', '12-11'),
  unit('TXVC', 'Thị xã Vĩnh Châu', 'ubnd_huyen', 50, 30, '11-25', '12-11'),
  unit('TXNN', 'Thị xã Ngã Năm', 'ubnd_huyen', 50, 28, '11-25', '12-11'),
  unit('HCT', 'Huyện Châu Thành', 'ubnd_huyen', 50, 30, '11-25', '12-12'),
  unit('HKS', 'Huyện Kế Sách', 'ubnd_huyen', 50, 32, '11-26', '12-12'),
  unit('HLP', 'Huyện Long Phú', 'ubnd_huyen', 50, 30, '11-26', '12-12'),
  unit('HCLD', 'Huyện Cù Lao Dung', 'ubnd_huyen', 45, 28, '11-26', '12-13'),
  unit('HMT', 'Huyện Mỹ Tú', 'ubnd_huyen', 50, 30, '11-26', '12-13'),
  unit('HMX', 'Huyện Mỹ Xuyên', 'ubnd_huyen', 55, 32, '11-27', '12-13'),
  unit('HTT', 'Huyện Thạnh Trị', 'ubnd_huyen', 50, 30, '11-27', '12-13'),
  unit('HTD', 'Huyện Trần Đề', 'ubnd_huyen', 50, 30, '11-27', '12-13'),
  unit('BQLDA1', 'Ban Quản lý Dự án 1', 'dvsn', 15, 0, '12-02', '12-16'),
  unit('BQLDA2', 'Ban Quản lý Dự án 2', 'dvsn', 15, 0, '12-02', '12-16'),
  unit('CDCD', 'Trường Cao đẳng Cộng đồng', 'dvsn', 25, 0, '12-02', '12-16'),
  unit('CDN', 'Trường Cao đẳng Nghề', 'dvsn', 25, 0, '12-02', '12-16'),
  unit('BTVHPALI', 'Trường Bổ túc Văn hóa Pali Trung cấp', 'dvsn', 15, 0, '12-03', '12-17'),
  unit('TCT', 'Trường Chính trị tỉnh', 'dvsn', 20, 0, '12-03', '12-17'),
  unit('BST', 'Báo Sóc Trăng', 'dvsn', 15, 0, '12-03', '12-17'),
  unit('DPTTH', 'Đài Phát thanh – Truyền hình', 'dvsn', 20, 0, '12-03', '12-17'),
  unit('CTHUE', 'Cục Thuế tỉnh', 'co_quan_tw', 30, 0, '12-04', '12-18'),
  unit('KBNN', 'Kho bạc Nhà nước', 'co_quan_tw', 25, 0, '12-04', '12-18'),
  unit('NHNN', 'Ngân hàng Nhà nước', 'co_quan_tw', 20, 0, '12-04', '12-18'),
  unit('BHXH', 'Bảo hiểm xã hội', 'co_quan_tw', 25, 0, '12-04', '12-18'),
  unit('CTK', 'Cục Thống kê', 'co_quan_tw', 20, 0, '12-05', '12-19'),
  unit('CCHQ', 'Chi cục Hải quan', 'co_quan_tw', 15, 0, '12-05', '12-19'),
  unit('CAT', 'Công an tỉnh', 'co_quan_tw', 40, 0, '12-05', '12-19'),
];
