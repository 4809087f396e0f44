import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const Text = Type.String({ minLength: 1, maxLength: 200 });
const State = Type.Union([Type.Literal('submitted'), Type.Literal('submitted_fallback'), Type.Literal('backfilled'), Type.Literal('failed')]);
const Maybe = Type.Union([Type.String(), Type.Null()]);

export const manifest = defineConnector({
  id: 'reporting:deliveries:record',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Ghi trạng thái gửi báo cáo', en: 'Record a report delivery' },
  description: {
    vi: 'Ghi nơi báo cáo của một chế độ, kỳ và tỉnh đã được gửi (R-28): submitted (biên nhận của Hệ thống báo cáo Chính phủ), submitted_fallback (văn bản điện tử qua eOffice), backfilled (đã gửi bù, biên nhận gắn với văn bản dự phòng) hoặc failed. Trạng thái chỉ tiến lên: ghi lại cùng bước không đổi gì, biên nhận và mã văn bản đã ghi được giữ. Kiểm toán viên và bảng điều khiển đọc qua GET /api/v1/reporting/deliveries.',
    en: 'Records where the report of one regime, period and province went (R-28): submitted (the Government reporting system\'s receipt), submitted_fallback (an e-document through eOffice), backfilled (submitted afterwards, the receipt linked to the fallback document) or failed. The state only moves forward: recording the same step again changes nothing and a recorded receipt or document id is kept. Auditors and the console read it at GET /api/v1/reporting/deliveries.',
  },
  input: Type.Object({
    regime: Type.String({ minLength: 1, maxLength: 64, title: 'Mã chế độ báo cáo' }),
    period: Type.String({ minLength: 1, maxLength: 32, title: 'Kỳ báo cáo' }),
    province: Type.String({ minLength: 1, maxLength: 16, title: 'Mã tỉnh' }),
    state: State,
    receiptId: Type.Optional(Text),
    edocId: Type.Optional(Text),
    documentId: Type.Optional(Text),
    runId: Type.Optional(Text),
    error: Type.Optional(Text),
    /** When the step happened by the run's clock (a workflow's time: replay-safe, and the test server's when time is skipped); absent: now. */
    at: Type.Optional(Type.String({ format: 'date-time', title: 'Thời điểm' })),
  }, { additionalProperties: false }),
  output: Type.Object({ state: State, receiptId: Maybe, edocId: Maybe, documentId: Maybe }),
  timeout: '10s',
  retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: ['REPORT_DELIVERIES_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: false,
  idempotencyKey: 'an upsert by regime + period + province whose state only moves forward: recording twice leaves one row',
  personalData: [],
});
