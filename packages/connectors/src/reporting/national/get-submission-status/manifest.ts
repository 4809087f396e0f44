import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:national:getSubmissionStatus',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Tra cứu trạng thái báo cáo đã gửi', en: 'Get the status of a submitted report' },
  description: {
    vi: 'received (đã nhận), accepted (đã chấp nhận) hoặc returned (trả lại, kèm ý kiến theo từng chỉ tiêu).',
    en: 'received, accepted, or returned (with comments per indicator).',
  },
  input: Type.Object({ receiptId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  output: Type.Object({
    receiptId: Type.String(),
    status: Type.Union([Type.Literal('received'), Type.Literal('accepted'), Type.Literal('returned')]),
    comments: Type.Optional(Type.Array(Type.Object({ indicatorCode: Type.String(), comment: Type.String() }))),
  }),
  credential: 'reporting-national',
  timeout: '20s',
  retry: { maximumAttempts: 5, initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'read-only',
  personalData: [],
});
