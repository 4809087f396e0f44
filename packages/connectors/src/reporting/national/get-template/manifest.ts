import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:national:getTemplate',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Lấy biểu mẫu báo cáo', en: 'Get a report template' },
  description: { vi: 'Biểu mẫu hiện hành: phiên bản và các chỉ tiêu (đơn vị, kiểu, cách tổng hợp, quy tắc).', en: 'The current template: version and indicators (unit, type, aggregation, rule).' },
  input: Type.Object({ templateCode: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  output: Type.Object({
    code: Type.String(), version: Type.Integer(),
    indicators: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String(), type: Type.String(), aggregation: Type.String(), required: Type.Boolean() })),
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
