import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:national:submitAggregate',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Gửi báo cáo tổng hợp lên Hệ thống báo cáo Chính phủ', en: 'Submit an aggregate report to the Government reporting system' },
  description: {
    vi: 'Gửi số liệu đã duyệt và ký của một kỳ. Mã tỉnh lấy từ thông tin xác thực. PERIOD_CLOSED, TEMPLATE_VERSION_MISMATCH, VALIDATION_FAILED (kèm chỉ tiêu), SIGNATURE_INVALID, DUPLICATE_SUBMISSION là từ chối nghiệp vụ; bảo trì (503) thì thử lại.',
    en: 'Submits the approved, signed values of one period. The province code comes from the credential. PERIOD_CLOSED, TEMPLATE_VERSION_MISMATCH, VALIDATION_FAILED (with the indicator), SIGNATURE_INVALID, DUPLICATE_SUBMISSION are business rejections; maintenance (503) is retried.',
  },
  input: Type.Object({
    regimeCode: Type.String({ minLength: 1, title: 'Mã chế độ báo cáo' }),
    periodLabel: Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$', title: 'Kỳ báo cáo (2026-01, 2026-Q1, 2026-H1, 2026)' }),
    templateVersion: Type.Integer({ minimum: 1 }),
    values: Type.Array(Type.Object({ indicatorCode: Type.String({ minLength: 1 }), value: Type.Union([Type.Number(), Type.String(), Type.Null()]) }, { additionalProperties: false }), { minItems: 1 }),
    signature: Type.String({ minLength: 1, title: 'Chữ ký số (base64, từ bước ký)' }),
  }, { additionalProperties: false }),
  output: Type.Object({ receiptId: Type.String({ minLength: 1 }), receivedAt: Type.String() }),
  credential: 'reporting-national',
  timeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '30m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'],
  idempotent: true,
  idempotencyKey: 'idempotencyKey (body and header) = hash of the step key; the flow sets the step key to regime+period+province (§7.c)',
  personalData: [],
});
