import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:remind',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Nhắc hạn / báo quá hạn', en: 'Remind / flag overdue' },
  description: {
    vi: 'Nhắc đơn vị ở mốc D−3, D−1, D; ở mốc "overdue" đánh dấu quá hạn và chuyển lên cơ quan chủ trì. Báo cáo đã được duyệt thì không nhắc.',
    en: 'Reminds the unit at D−3, D−1 and D; at "overdue" flags the assignment overdue and escalates to the lead agency. Nothing is sent once the report is approved.',
  },
  input: Type.Object({
    assignmentId: Type.String({ minLength: 1, title: 'Mã việc giao' }),
    point: Type.Union([Type.Literal('D-3'), Type.Literal('D-1'), Type.Literal('D'), Type.Literal('overdue')], { title: 'Mốc' }),
  }, { additionalProperties: false }),
  output: Type.Object({ assignmentId: Type.String(), point: Type.String(), sent: Type.Boolean(), state: Type.String() }),
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORT_ASSIGNMENT_NOT_FOUND', 'REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the assignment and the point: each reminder is recorded once',
  personalData: [],
});
