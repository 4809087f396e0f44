import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:aggregate',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Tổng hợp báo cáo của kỳ', en: 'Aggregate the period' },
  description: {
    vi: 'Tổng hợp các báo cáo đã duyệt theo quy tắc từng chỉ tiêu (tổng, trung bình, lớn nhất, nhỏ nhất, công thức); mỗi giá trị giữ nguồn gốc (báo cáo, đơn vị, giá trị) và liệt kê đơn vị chưa có báo cáo được duyệt.',
    en: 'Aggregates the approved reports by each indicator\'s rule (sum, average, max, min, formula); every value keeps its lineage (report, unit, value) and the units without an approved report are listed.',
  },
  input: Type.Object({ periodId: Type.String({ minLength: 1, title: 'Mã kỳ' }) }, { additionalProperties: false }),
  output: Type.Object({
    aggregateId: Type.String(), periodId: Type.String(),
    values: Type.Array(Type.Object({ indicatorCode: Type.String(), value: Type.Union([Type.Number(), Type.String(), Type.Null()]) })),
    submitted: Type.Array(Type.String()), missing: Type.Array(Type.String()),
  }),
  timeout: '60s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORT_PERIOD_NOT_FOUND', 'REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the period: one roll-up each, recomputed until it is approved',
  personalData: [],
});
