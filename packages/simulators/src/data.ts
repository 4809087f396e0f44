/** Fictional citizens from shared/DOMAIN.md §8 [FICT]. */
export interface Citizen {
  SoDinhDanh: string;
  HoVaTen: { Ho: string; ChuDem: string; Ten: string };
  GioiTinh: string;
  DanToc: string;
  TonGiao: string;
  QuocTich: string;
  TinhTrangHonNhan: string;
  NgayThangNamSinh: { NgayThangNam?: string; Nam?: string };
  QueQuan: Address;
  ThuongTru: Address;
  NoiOHienTai: Address;
  Cha?: { HoVaTen: string; SoDinhDanh: string };
  Me?: { HoVaTen: string; SoDinhDanh: string };
  VoChong?: { HoVaTen: string; SoDinhDanh: string };
}
interface Address { MaTinhThanh: string; MaPhuongXa: string; ChiTiet: string }

const addr = (tinh: string, xa: string, chiTiet: string): Address => ({ MaTinhThanh: tinh, MaPhuongXa: xa, ChiTiet: chiTiet });
const person = (id: string, ho: string, dem: string, ten: string, sex: string, danToc: string, dob: { NgayThangNam?: string; Nam?: string }, a: Address, extra: Partial<Citizen> = {}): Citizen => ({
  SoDinhDanh: id, HoVaTen: { Ho: ho, ChuDem: dem, Ten: ten }, GioiTinh: sex, DanToc: danToc, TonGiao: '00', QuocTich: 'VN',
  TinhTrangHonNhan: '1', NgayThangNamSinh: dob, QueQuan: a, ThuongTru: a, NoiOHienTai: a, ...extra,
});

export const citizens: readonly Citizen[] = [
  person('051090123456', 'NGUYỄN', 'VĂN', 'AN', '1', '01', { NgayThangNam: '19900512' }, addr('51', '21025', '12 Lê Lợi'), {
    TinhTrangHonNhan: '2', QueQuan: addr('51', '21028', 'Tổ 3'),
    Cha: { HoVaTen: 'NGUYỄN VĂN BÌNH', SoDinhDanh: '051060001111' }, Me: { HoVaTen: 'LÊ THỊ CÚC', SoDinhDanh: '051162002222' },
    VoChong: { HoVaTen: 'TRẦN THỊ BÍCH NGỌC', SoDinhDanh: '051185004321' } }),
  person('051185004321', 'TRẦN', 'THỊ BÍCH', 'NGỌC', '2', '01', { NgayThangNam: '19851103' }, addr('51', '21028', '45 Hùng Vương'), {
    TinhTrangHonNhan: '2', VoChong: { HoVaTen: 'NGUYỄN VĂN AN', SoDinhDanh: '051090123456' } }),
  person('051048000155', 'PHẠM', 'VĂN', 'LỢI', '1', '01', { Nam: '1948' }, addr('51', '91001', 'Thôn Đông, Lý Sơn')),
  person('051302000777', 'ĐINH', 'THỊ', 'HOA', '2', '19', { NgayThangNam: '20020721' }, addr('51', '91005', 'Làng Măng Đen')),
  person('083190005566', 'VÕ', 'THỊ KIM', 'LOAN', '2', '01', { NgayThangNam: '19900130' }, addr('86', '28756', '7 Đồng Khởi')),
  person('084205000999', 'THẠCH', 'THANH', 'TÂM', '1', '05', { NgayThangNam: '20050909' }, addr('86', '28777', 'Ấp 2')),
  // Registered in a ward merged in 2025 (21004 → 21025 in the province's administrative-units catalogue): the 7.a flow maps it.
  person('051195004004', 'HỒ', 'THỊ', 'MAI', '2', '19', { NgayThangNam: '19950304' }, addr('51', '21004', '8 Trần Phú')),
  // The record still holds a pre-2025 commune code (28990): connectors must map it.
  person('086079001122', 'LÊ', 'MINH', 'TRÍ', '1', '04', { NgayThangNam: '19790214' }, addr('86', '92001', '3 Nguyễn Huệ'), { ThuongTru: addr('86', '28990', '3 Nguyễn Huệ') }),
];

export const findCitizen = (id: string): Citizen | undefined => citizens.find((c) => c.SoDinhDanh === id);
export const fullName = (c: Citizen): string => [c.HoVaTen.Ho, c.HoVaTen.ChuDem, c.HoVaTen.Ten].filter(Boolean).join(' ');
