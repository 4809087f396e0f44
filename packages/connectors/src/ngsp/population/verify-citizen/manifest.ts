import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'ngsp:population:verifyCitizen',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Xác thực thông tin công dân (CSDLQG về dân cư)', en: 'Verify citizen (national population DB)' },
  description: {
    vi: 'Gọi XacThucThongTinCongDan qua NGSP; "không khớp" là kết quả nghiệp vụ, không thử lại.',
    en: 'Calls XacThucThongTinCongDan over NGSP; "no match" is a business outcome and is not retried.',
  },
  input: Type.Object({
    citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh cá nhân' }),
    fullName: Type.String({ minLength: 1, title: 'Họ và tên' }),
    birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{2})?)?$', title: 'Ngày sinh (yyyy, yyyyMM, yyyyMMdd)' })),
    purpose: Type.String({ minLength: 1, title: 'Mã dịch vụ công / mục đích (MaDVC)' }),
    officerId: Type.String({ minLength: 1, title: 'Mã cán bộ (MaCanBo)' }),
  }, { additionalProperties: false }),
  output: Type.Object({
    match: Type.Boolean(),
    requestId: Type.String(),
    source: Type.Literal('CSDLQG-DC'),
    checkedAt: Type.String({ format: 'date-time' }),
  }),
  credential: 'ngsp-population',
  timeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'MaYeuCau derived from the run id and node id',
  personalData: [],
});
