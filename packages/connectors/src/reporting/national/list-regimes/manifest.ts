import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:national:listRegimes',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Danh sách chế độ báo cáo', en: 'List reporting regimes' },
  description: { vi: 'Các chế độ báo cáo (định kỳ, bộ ngành, chuyên đề, đột xuất) với cơ quan chủ trì và biểu mẫu.', en: 'The reporting regimes (periodic, ministry, thematic, ad hoc) with their lead agency and templates.' },
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    items: Type.Array(Type.Object({
      code: Type.String(), name: Type.String(), kind: Type.Union(['periodic', 'ministry', 'thematic', 'adhoc'].map((k) => Type.Literal(k))),
      leadAgencyCode: Type.String(), frequency: Type.String(), templateIds: Type.Array(Type.String()),
    })),
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
