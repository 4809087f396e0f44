import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lookupBase, lookupErrors, lookupOutput, lookupRetry } from '../../national/schemas.js';

export const manifest = defineConnector({
  id: 'ngsp:business:getEnterprise',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu doanh nghiệp (CSDLQG về đăng ký doanh nghiệp)', en: 'Get enterprise (national business registry)' },
  description: {
    vi: 'Tra cứu theo mã số doanh nghiệp (= mã số thuế, chi nhánh dạng 10-3). Trạng thái giải thể / tạm ngừng là dữ liệu, không phải lỗi; không tìm thấy là từ chối nghiệp vụ NOT_FOUND.',
    en: 'Looks up by enterprise code (= tax code, branches as 10-3). Dissolved / suspended is data, not an error; an unknown code is the business rejection NOT_FOUND.',
  },
  input: Type.Object({ ...lookupBase, enterpriseCode: Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$', title: 'Mã số doanh nghiệp' }) }, { additionalProperties: false }),
  output: lookupOutput(Type.Object({
    maSoDoanhNghiep: Type.String(), tenDoanhNghiep: Type.String(), tenVietTat: Type.Optional(Type.String()), loaiHinh: Type.String(), ngayThanhLap: Type.String(),
    trangThai: Type.Union(['dang_hoat_dong', 'tam_ngung_kinh_doanh', 'dang_giai_the', 'da_giai_the', 'bi_thu_hoi_gcn'].map((s) => Type.Literal(s))),
    diaChiTruSo: Type.Object({ maTinhThanh: Type.String(), maPhuongXa: Type.String(), chiTiet: Type.String() }),
    nguoiDaiDien: Type.Array(Type.Object({ hoVaTen: Type.String(), soDinhDanh: Type.String(), chucDanh: Type.String() })),
    vonDieuLe: Type.Number(),
    nganhNghe: Type.Array(Type.Object({ ma: Type.String(), ten: Type.String(), chinh: Type.Boolean() })),
  })),
  credential: 'ngsp-national',
  timeout: '10s',
  retry: lookupRetry,
  errors: lookupErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'requestId = hash of the step key (run id + node id)',
  personalData: ['/record/nguoiDaiDien'],
});
