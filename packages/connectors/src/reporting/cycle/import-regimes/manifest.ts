import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:importRegimes',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Cập nhật chế độ báo cáo từ Hệ thống báo cáo', en: 'Import reporting regimes from the reporting system' },
  description: {
    vi: 'Ghi danh sách chế độ báo cáo do Hệ thống báo cáo Chính phủ trả về (reporting:national:listRegimes) vào chế độ báo cáo của nền tảng: loại, cơ quan chủ trì, tần suất theo hệ thống; biểu mẫu và phạm vi đơn vị do tỉnh giữ (R-29, rà soát hằng năm).',
    en: 'Writes the Government reporting system\'s regimes (reporting:national:listRegimes) into the platform\'s: kind, lead agency and frequency from the system; template and unit scope kept by the province (R-29, reviewed yearly).',
  },
  input: Type.Object({
    items: Type.Array(Type.Object({
      code: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 500 }),
      kind: Type.Union([Type.Literal('periodic'), Type.Literal('ministry'), Type.Literal('thematic'), Type.Literal('adhoc')]),
      leadAgencyCode: Type.String({ minLength: 1, maxLength: 64 }), frequency: Type.String({ minLength: 1, maxLength: 32 }),
    }), { maxItems: 500, title: 'Chế độ báo cáo (đầu ra của listRegimes)' }),
  }, { additionalProperties: false }),
  output: Type.Object({ imported: Type.Integer() }),
  timeout: '60s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the regime codes: importing the same list again changes nothing',
  personalData: [],
});
