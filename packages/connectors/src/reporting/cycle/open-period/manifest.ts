import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:openPeriod',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Mở kỳ báo cáo', en: 'Open a reporting period' },
  description: {
    vi: 'Mở (hoặc đọc lại, nếu đã mở) kỳ báo cáo của một chế độ: khoảng dữ liệu, hạn nộp theo NĐ 09/2019 (ngày 20 tháng cuối kỳ) và danh sách đơn vị được giao (R-25).',
    en: 'Opens (or reads back, when already open) a regime\'s reporting period: its data window, its deadline per Decree 09/2019 (the 20th of the last month) and the units it is assigned to (R-25).',
  },
  input: Type.Object({
    regimeCode: Type.String({ minLength: 1, maxLength: 64, title: 'Mã chế độ báo cáo' }),
    periodLabel: Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$', title: 'Kỳ (2026-03, 2026-Q1, 2026-H1, 2026)' }),
  }, { additionalProperties: false }),
  output: Type.Object({
    periodId: Type.String(), regimeCode: Type.String(), label: Type.String(), dataFrom: Type.String(), dataTo: Type.String(),
    deadline: Type.String(), leadAgencyCode: Type.String(), templateVersion: Type.String(), units: Type.Array(Type.String()),
  }),
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORT_REGIME_NOT_FOUND', 'REPORT_PERIOD_LABEL_INVALID', 'REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the regime and the period label: opening twice answers the period already open',
  personalData: [],
});
