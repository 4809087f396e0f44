import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:assign',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Giao báo cáo cho đơn vị', en: 'Assign the report to a unit' },
  description: {
    vi: 'Tạo việc giao báo cáo của kỳ cho một đơn vị (kèm bản nháp báo cáo) và ghi lượt chạy chờ đơn vị; trả lời hạn nộp và các mốc nhắc D−3, D−1, D.',
    en: 'Creates the period\'s assignment for one unit (with its draft report) and records the run waiting for it; answers the deadline and the D−3, D−1 and D reminder times.',
  },
  input: Type.Object({
    periodId: Type.String({ minLength: 1, title: 'Mã kỳ' }),
    unitCode: Type.String({ minLength: 1, maxLength: 64, title: 'Mã đơn vị' }),
    runId: Type.String({ minLength: 1, title: 'Lượt chạy chờ đơn vị ($run.id)' }),
  }, { additionalProperties: false }),
  output: Type.Object({
    assignmentId: Type.String(), submissionId: Type.String(), unitCode: Type.String(), deadline: Type.String(),
    remindAt: Type.Object({ d3: Type.String(), d1: Type.String(), d0: Type.String(), overdue: Type.String() }),
  }),
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORT_PERIOD_NOT_FOUND', 'REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the period and the unit: one assignment each',
  personalData: [],
});
