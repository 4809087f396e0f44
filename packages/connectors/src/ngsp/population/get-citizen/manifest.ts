import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

/** The record's top-level fields (DOMAIN §6.3); a node asks only for those its procedure needs. */
export const CITIZEN_FIELDS = ['HoVaTen', 'GioiTinh', 'DanToc', 'TonGiao', 'QuocTich', 'TinhTrangHonNhan', 'NgayThangNamSinh', 'QueQuan', 'ThuongTru', 'NoiOHienTai', 'Cha', 'Me', 'VoChong'] as const;

const Address = Type.Object({ MaTinhThanh: Type.String(), MaPhuongXa: Type.String(), ChiTiet: Type.Optional(Type.String()) });
const Relative = Type.Object({ HoVaTen: Type.String(), SoDinhDanh: Type.Optional(Type.String()) });

export const manifest = defineConnector({
  id: 'ngsp:population:getCitizen',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu thông tin công dân (CSDLQG về dân cư)', en: 'Get citizen record (national population DB)' },
  description: {
    vi: 'Gọi TraCuuThongTinCongDan qua NGSP và chỉ giữ các trường được yêu cầu (tối thiểu hóa dữ liệu). Mã xã trong hồ sơ có thể là mã trước 2025: ánh xạ bằng catalog:map:code.',
    en: 'Calls TraCuuThongTinCongDan over NGSP and keeps only the requested fields (data minimisation). Commune codes may be pre-2025: map them with catalog:map:code.',
  },
  input: Type.Object({
    citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh cá nhân' }),
    purpose: Type.String({ minLength: 1, title: 'Mã dịch vụ công / mục đích (MaDVC)' }),
    officerId: Type.String({ minLength: 1, title: 'Mã cán bộ (MaCanBo)' }),
    fields: Type.Optional(Type.Array(Type.Union(CITIZEN_FIELDS.map((f) => Type.Literal(f))), { uniqueItems: true, minItems: 1, title: 'Chỉ lấy các trường / only these fields' })),
  }, { additionalProperties: false }),
  output: Type.Object({
    record: Type.Object({
      SoDinhDanh: Type.String(),
      HoVaTen: Type.Optional(Type.Object({ Ho: Type.String(), ChuDem: Type.Optional(Type.String()), Ten: Type.String() })),
      GioiTinh: Type.Optional(Type.String()), DanToc: Type.Optional(Type.String()), TonGiao: Type.Optional(Type.String()),
      QuocTich: Type.Optional(Type.String()), TinhTrangHonNhan: Type.Optional(Type.String()),
      NgayThangNamSinh: Type.Optional(Type.Object({ NgayThangNam: Type.Optional(Type.String()), Nam: Type.Optional(Type.String()) })),
      QueQuan: Type.Optional(Address), ThuongTru: Type.Optional(Address), NoiOHienTai: Type.Optional(Address),
      Cha: Type.Optional(Relative), Me: Type.Optional(Relative), VoChong: Type.Optional(Relative),
    }, { additionalProperties: false }),
    requestId: Type.String(),
    source: Type.Literal('CSDLQG-DC'),
    retrievedAt: Type.String({ format: 'date-time' }),
  }),
  credential: 'ngsp-population',
  timeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'MaYeuCau = hash of the step key (run id + node id)',
  personalData: ['/record'],
});
