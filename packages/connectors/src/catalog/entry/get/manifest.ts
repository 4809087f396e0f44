import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'catalog:entry:get',
  version: '1.0.0',
  category: 'catalog',
  title: { vi: 'Tra danh mục dùng chung', en: 'Look up a shared catalogue' },
  description: {
    vi: 'Đọc một dòng của danh mục theo mã: thủ tục (thời hạn giải quyết theo ngày làm việc, cơ quan), đơn vị hành chính (mã kế thừa; "current" là các mã hiện hành mà mã cũ chuyển thành) hoặc cơ quan. Kết quả ghi phiên bản danh mục đã đọc, nằm trong lịch sử lượt chạy. Mã không có trong danh mục là lỗi, không bao giờ cho đi qua.',
    en: 'Reads one row of a catalogue by its code: a procedure (legal deadline in working days, agency), an administrative unit (successor codes; "current" lists the current codes an old code became) or an agency. The result names the catalogue version read and is in the run\'s history. A code the catalogue lacks is an error, never passed through.',
  },
  input: Type.Object({
    catalogue: Type.Union([Type.Literal('procedures'), Type.Literal('admin-units'), Type.Literal('agencies')], { title: 'Danh mục' }),
    code: Type.String({ minLength: 1, maxLength: 64, title: 'Mã' }),
    version: Type.Optional(Type.Integer({ minimum: 1, title: 'Phiên bản (bỏ trống: hiện hành)' })),
  }, { additionalProperties: false }),
  output: Type.Object({
    catalogue: Type.String(),
    code: Type.String(),
    catalogueVersion: Type.String(),
    row: Type.Record(Type.String(), Type.Unknown()),
    current: Type.Array(Type.String()),
  }),
  timeout: '10s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['CATALOGUE_ENTRY_NOT_FOUND', 'CATALOGUE_VERSION_NOT_FOUND', 'CATALOGUE_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'a read: the same version gives the same row',
  personalData: [],
});
