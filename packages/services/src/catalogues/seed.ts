// Version 1 of each catalogue, written on first use; admins edit or import from there (every change a new version).
// Tags as in DOMAIN.md: [PUB] public source, verify before production; [ASM] assumption; [FICT] test data.
import type { CatalogueKind, CatalogueRow } from './kinds.js';

// Holidays: Bộ luật Lao động 2019 (45/2019/QH14) Điều 112: Tết Dương lịch 1 day (1/1); Tết Âm lịch 5 days; Giỗ Tổ Hùng
// Vương 1 day (10/3 lunar); Chiến thắng 30/4 and Quốc tế Lao động 1/5; Quốc khánh 2/9 plus one day before or after.
// Khoản 3: a holiday on a weekly rest day is compensated on the next working day. Each year the Prime Minister approves
// the Ministry of Home Affairs' schedule for civil servants (which days around Tết, swaps and make-up Saturdays);
// those yearly announcements are tagged [PUB: verify]; where a date follows from the rule alone it is tagged [ASM].
const BLLD = 'BLLĐ 2019 Đ112';
const calendar = (rows: [string, 'holiday' | 'working', string, string][]): CatalogueRow[] =>
  rows.map(([date, type, name, source]) => ({ date, type, name, source }));

const calendar2026 = calendar([
  ['2026-01-01', 'holiday', 'Tết Dương lịch', BLLD],
  ['2026-01-02', 'holiday', 'Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01)', `${BLLD}; lịch nghỉ 2026 của Bộ Nội vụ [PUB: verify]`],
  ['2026-01-10', 'working', 'Làm bù cho thứ Sáu 02/01', `lịch nghỉ 2026 của Bộ Nội vụ [PUB: verify]`],
  // Tết Bính Ngọ: mùng 1 = 17/02/2026; off Sat 14/02 – Sun 22/02, the five days on 16–20/02.
  ['2026-02-16', 'holiday', 'Tết Nguyên đán (28 tháng Chạp)', `${BLLD}; lịch nghỉ Tết 2026 [PUB: verify]`],
  ['2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1)', `${BLLD}; lịch nghỉ Tết 2026 [PUB: verify]`],
  ['2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)', `${BLLD}; lịch nghỉ Tết 2026 [PUB: verify]`],
  ['2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)', `${BLLD}; lịch nghỉ Tết 2026 [PUB: verify]`],
  ['2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)', `${BLLD}; lịch nghỉ Tết 2026 [PUB: verify]`],
  // 10/3 lunar = Sunday 26/04/2026: compensated on Monday 27/04.
  ['2026-04-27', 'holiday', 'Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/04)', `${BLLD} k3 [ASM]`],
  ['2026-04-30', 'holiday', 'Ngày Chiến thắng', BLLD],
  ['2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', BLLD],
  ['2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', `${BLLD} [ASM: the adjacent day is announced each year]`],
  ['2026-09-02', 'holiday', 'Quốc khánh', BLLD],
]);

const calendar2027 = calendar([
  ['2027-01-01', 'holiday', 'Tết Dương lịch', BLLD],
  // Tết Đinh Mùi: mùng 1 = Saturday 06/02/2027. As in 2024 (Tết on a Saturday): off Thu 04/02 – Wed 10/02, the five
  // days on 04, 05, 08, 09, 10/02 [ASM until the 2027 schedule is announced].
  ['2027-02-04', 'holiday', 'Tết Nguyên đán (28 tháng Chạp)', `${BLLD} [ASM]`],
  ['2027-02-05', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)', `${BLLD} [ASM]`],
  ['2027-02-08', 'holiday', 'Tết Nguyên đán (mùng 3)', `${BLLD} [ASM]`],
  ['2027-02-09', 'holiday', 'Tết Nguyên đán (mùng 4)', `${BLLD} [ASM]`],
  ['2027-02-10', 'holiday', 'Tết Nguyên đán (mùng 5)', `${BLLD} [ASM]`],
  ['2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', `${BLLD} [ASM: lunar date computed]`],
  ['2027-04-30', 'holiday', 'Ngày Chiến thắng', BLLD],
  // 1/5/2027 is a Saturday: compensated on Monday 03/05.
  ['2027-05-03', 'holiday', 'Ngày Quốc tế Lao động (nghỉ bù cho thứ Bảy 01/05)', `${BLLD} k3`],
  ['2027-09-02', 'holiday', 'Quốc khánh', BLLD],
  ['2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', `${BLLD} [ASM: the adjacent day is announced each year]`],
]);

// Province 51 and the communes the simulators and tests use (codes per QĐ 19/2025/QĐ-TTg [PUB], 91xxx/92xxx [FICT]);
// old units (before 01/07/2025) keep their codes with the successors they merged into (DOMAIN §5.4).
const unit = (code: string, name: string, level: 'tinh' | 'xa', validFrom = '', validTo = '', successors: string[] = []): CatalogueRow =>
  ({ code, name, level, ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}), ...(successors.length ? { successorCodes: successors } : {}) });
const adminUnits: CatalogueRow[] = [
  unit('51', 'Tỉnh Quảng Ngãi', 'tinh', '2025-07-01'),
  ...[['21025', 'Phường Cẩm Thành'], ['21028', 'Phường Nghĩa Lộ'], ['21172', 'Phường Trương Quang Trọng'], ['21439', 'Phường Đức Phổ'], ['21451', 'Phường Trà Câu'],
    ['91001', 'Đặc khu Lý Sơn'], ['91003', 'Xã Tịnh Khê'], ['92001', 'Phường Long Châu']].map(([c, n]) => unit(c as string, n as string, 'xa', '2025-07-01')),
  unit('21001', 'Phường Lê Hồng Phong (cũ)', 'xa', '', '2025-06-30', ['21025']),
  unit('21004', 'Phường Trần Phú (cũ)', 'xa', '', '2025-06-30', ['21025']),
  unit('21010', 'Phường Nghĩa Chánh (cũ)', 'xa', '', '2025-06-30', ['21028']),
  unit('21505', 'Xã An Vĩnh (cũ)', 'xa', '', '2025-06-30', ['91001']),
  unit('21100', 'Xã Tịnh Ấn Tây (cũ, chia tách)', 'xa', '', '2025-06-30', ['21172', '91003']),
];

// DOMAIN §8 procedures [FICT codes] with their legal deadlines in working days and the population-DB fields each may
// read [ASM] (none: the procedure may not read population data).
const PERSON = ['HoVaTen', 'GioiTinh', 'DanToc', 'NgayThangNamSinh', 'ThuongTru'];
const procedures: CatalogueRow[] = [
  { code: '1.001193.000.00.00.H48', name: 'Đăng ký khai sinh', deadlineWorkingDays: 0, agencyCode: '000.25.94.H48', populationFields: [...PERSON, 'QueQuan'] },
  { code: '1.000894.000.00.00.H48', name: 'Đăng ký kết hôn', deadlineWorkingDays: 0, agencyCode: '000.25.94.H48', populationFields: [...PERSON, 'TinhTrangHonNhan', 'VoChong'] },
  { code: '2.001234.000.00.00.H48', name: 'Cấp phiếu lý lịch tư pháp', deadlineWorkingDays: 10, agencyCode: '000.00.91.H48', populationFields: [...PERSON, 'Cha', 'Me'] },
  { code: '2.002345.000.00.00.H48', name: 'Đăng ký thành lập doanh nghiệp', deadlineWorkingDays: 3, agencyCode: '000.00.95.H48' },
];

// DOMAIN §8 agencies ([PUB] provincial codes, [FICT] department codes).
const agencies: CatalogueRow[] = [
  { code: '000.00.00.H48', name: 'UBND tỉnh Quảng Ngãi' },
  { code: '000.00.91.H48', name: 'Sở Tư pháp tỉnh Quảng Ngãi', parentCode: '000.00.00.H48' },
  { code: '000.00.92.H48', name: 'Văn phòng UBND tỉnh Quảng Ngãi', parentCode: '000.00.00.H48' },
  { code: '000.00.93.H48', name: 'Sở Khoa học và Công nghệ tỉnh Quảng Ngãi', parentCode: '000.00.00.H48' },
  { code: '000.00.95.H48', name: 'Sở Tài chính tỉnh Quảng Ngãi', parentCode: '000.00.00.H48' },
  { code: '000.25.94.H48', name: 'UBND phường Cẩm Thành', parentCode: '000.00.00.H48' },
];

export const SEED: Record<CatalogueKind, CatalogueRow[]> = {
  calendar: [...calendar2026, ...calendar2027],
  'admin-units': adminUnits,
  procedures,
  agencies,
};
