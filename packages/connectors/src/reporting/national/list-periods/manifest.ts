import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:national:listPeriods',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Danh sách kỳ báo cáo', en: 'List reporting periods' },
  description: { vi: 'Các kỳ của một chế độ: khoảng số liệu, hạn nộp, trạng thái (mở / đã đóng).', en: 'The periods of a regime: data window, deadline, state (open / closed).' },
  input: Type.Object({ regimeCode: Type.String({ minLength: 1 }), state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { title: 'Chỉ các kỳ ở trạng thái này' })) }, { additionalProperties: false }),
  output: Type.Object({
    items: Type.Array(Type.Object({ regimeCode: Type.String(), kind: Type.String(), label: Type.String(), dataFrom: Type.String(), dataTo: Type.String(), deadline: Type.String(), state: Type.String() })),
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
