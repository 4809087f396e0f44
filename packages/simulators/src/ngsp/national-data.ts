/** Records of the other national databases (DOMAIN §6.4 shapes, §8 people and businesses) [FICT]. */

const an = { hoVaTen: 'NGUYỄN VĂN AN', soDinhDanh: '051090123456', ngaySinh: '1990-05-12', danToc: '01', quocTich: 'VN' };
const ngoc = { hoVaTen: 'TRẦN THỊ BÍCH NGỌC', soDinhDanh: '051185004321', ngaySinh: '1985-11-03', danToc: '01', quocTich: 'VN' };

export const enterprises = [
  {
    maSoDoanhNghiep: '4399000017', tenDoanhNghiep: 'CÔNG TY TNHH NÔNG SẢN SA HUỲNH', tenVietTat: 'NONG SAN SA HUYNH CO., LTD',
    loaiHinh: 'Công ty TNHH hai thành viên trở lên', ngayThanhLap: '2016-03-21', trangThai: 'dang_hoat_dong',
    diaChiTruSo: { maTinhThanh: '51', maPhuongXa: '21439', chiTiet: 'Thôn Thạch By 1' },
    nguoiDaiDien: [{ hoVaTen: an.hoVaTen, soDinhDanh: an.soDinhDanh, chucDanh: 'Giám đốc' }],
    vonDieuLe: 5_000_000_000,
    nganhNghe: [{ ma: '4620', ten: 'Bán buôn nông, lâm sản nguyên liệu (trừ gỗ, tre, nứa) và động vật sống', chinh: true }, { ma: '1030', ten: 'Chế biến và bảo quản rau quả', chinh: false }],
  },
  {
    maSoDoanhNghiep: '4399000025', tenDoanhNghiep: 'HỢP TÁC XÃ DỊCH VỤ NÔNG NGHIỆP TỊNH KHÊ', tenVietTat: 'HTX DVNN TINH KHE',
    loaiHinh: 'Hợp tác xã', ngayThanhLap: '2009-08-02', trangThai: 'tam_ngung_kinh_doanh',
    diaChiTruSo: { maTinhThanh: '51', maPhuongXa: '91003', chiTiet: 'Thôn Mỹ Lại' },
    nguoiDaiDien: [{ hoVaTen: 'PHẠM VĂN LỢI', soDinhDanh: '051048000155', chucDanh: 'Giám đốc' }],
    vonDieuLe: 800_000_000,
    nganhNghe: [{ ma: '0161', ten: 'Hoạt động dịch vụ trồng trọt', chinh: true }],
  },
  {
    maSoDoanhNghiep: '1599000031', tenDoanhNghiep: 'CÔNG TY CỔ PHẦN THỦY SẢN BẾN TRE XANH', tenVietTat: 'BEN TRE XANH SEAFOOD JSC',
    loaiHinh: 'Công ty cổ phần', ngayThanhLap: '2012-11-15', trangThai: 'da_giai_the',
    diaChiTruSo: { maTinhThanh: '86', maPhuongXa: '28789', chiTiet: '15 Đồng Khởi' },
    nguoiDaiDien: [{ hoVaTen: 'VÕ THỊ KIM LOAN', soDinhDanh: '083190005566', chucDanh: 'Tổng giám đốc' }],
    vonDieuLe: 12_000_000_000,
    nganhNghe: [{ ma: '1020', ten: 'Chế biến, bảo quản thuỷ sản và các sản phẩm từ thuỷ sản', chinh: true }],
  },
];

/** Birth registrations; the first is the §8 sample dossier (Nguyễn Bảo Châu, 15/01/2026, Phường Cẩm Thành). */
export const births = [
  {
    soDangKy: '07/2026', quyenSo: '01/2026', ngayDangKy: '2026-01-15', noiDangKy: { maCoQuan: '000.25.94.H48', maPhuongXa: '21025' }, loaiDangKy: 'dung_han',
    treEm: { hoVaTen: 'NGUYỄN BẢO CHÂU', ngaySinh: '2026-01-10', gioiTinh: '2', danToc: '01', soDinhDanh: '051326000123' },
    me: ngoc, cha: an,
  },
  {
    soDangKy: '112/2024', quyenSo: '02/2024', ngayDangKy: '2024-04-02', noiDangKy: { maCoQuan: '000.00.91.H48', maPhuongXa: '21028' }, loaiDangKy: 'qua_han',
    treEm: { hoVaTen: 'ĐINH THỊ HOA', ngaySinh: '2002-07-21', gioiTinh: '2', danToc: '19', soDinhDanh: '051302000777' },
    me: { hoVaTen: 'ĐINH THỊ LAN', soDinhDanh: '051175000888', ngaySinh: '1975-02-02', danToc: '19', quocTich: 'VN' }, cha: null,
  },
];

export const marriages = [
  {
    soDangKy: '21/2015', ngayDangKy: '2015-06-20', noiDangKy: { maCoQuan: '000.25.94.H48', maPhuongXa: '21025' },
    chong: an, vo: ngoc, tinhTrang: 'con_hieu_luc',
  },
];

export const deaths = [
  {
    soDangKy: '05/2025', ngayDangKy: '2025-12-04',
    nguoiChet: { hoVaTen: 'HUỲNH VĂN MƯỜI', soDinhDanh: '051045000321', ngaySinh: '1945-03-01', gioiTinh: '1' },
    ngayChet: '2025-12-02', noiChet: { maPhuongXa: '91001', chiTiet: 'Thôn Tây, Đặc khu Lý Sơn' },
  },
];

export const insurance = [
  {
    maSoBhxh: '5199123456', soDinhDanh: an.soDinhDanh, hoVaTen: an.hoVaTen, dangThamGia: true, loaiHinh: 'bat_buoc',
    donVi: { maSoDoanhNghiep: '4399000017', ten: 'CÔNG TY TNHH NÔNG SẢN SA HUỲNH' }, tuThang: '2016-04', denThang: null,
    theBhyt: { soThe: 'DN4515199123456', hanDen: '2026-12-31' },
  },
  {
    maSoBhxh: '8319005566', soDinhDanh: '083190005566', hoVaTen: 'VÕ THỊ KIM LOAN', dangThamGia: false, loaiHinh: 'tu_nguyen',
    donVi: null, tuThang: '2018-01', denThang: '2024-06', theBhyt: null,
  },
];
