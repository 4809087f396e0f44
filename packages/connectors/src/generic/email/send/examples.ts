import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'tell the applicant the result is ready', input: { to: ['tranthibichngoc@example.vn'], subject: 'Hồ sơ 000.25.94.H48-260115-0007 đã có kết quả', text: 'Kính gửi bà Trần Thị Bích Ngọc,\nHồ sơ đăng ký khai sinh cho cháu Nguyễn Bảo Châu đã có kết quả. Mời bà đến Bộ phận Một cửa phường Cẩm Thành để nhận.' }, output: { accepted: ['tranthibichngoc@example.vn'], rejected: [] } },
  { name: 'one unknown mailbox among two', input: { to: ['vanthu@camthanh.quangngai.gov.vn', 'khongco@quangngai.gov.vn'], subject: 'Nhắc hạn xử lý', text: 'Còn 1 ngày làm việc.' }, output: { accepted: ['vanthu@camthanh.quangngai.gov.vn'], rejected: [{ address: 'khongco@quangngai.gov.vn', code: '550' }] } },
  { name: 'no mailbox accepts it', input: { to: ['khongco@quangngai.gov.vn'], subject: 'x', text: 'x' }, error: '550' },
];
