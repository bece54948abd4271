export const app = {
  name: 'Khảo sát trực tuyến Chỉ số CCHC',
  owner: 'Sở Nội vụ',
  skipToContent: 'Bỏ qua đến nội dung chính',
  mainNav: 'Điều hướng chính',
  language: 'Ngôn ngữ',
  localeNames: { vi: 'Tiếng Việt', en: 'English' },
  dateTime: '{time} ngày {date}',
};
