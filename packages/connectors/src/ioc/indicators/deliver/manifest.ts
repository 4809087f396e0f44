import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { iocErrors } from '../../errors.js';

const Series = { indicatorCode: Type.String(), areaCode: Type.String(), period: Type.String() };

export const manifest = defineConnector({
  id: 'ioc:indicators:deliver',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Gửi số liệu chỉ số lên IOC qua hàng đợi bền vững', en: 'Deliver indicator values to the IOC through the durable outbox' },
  description: {
    vi: 'Kiểm tra từng quan sát theo bộ chỉ số IOC đã phê duyệt (bản IOC trả lời gần nhất, nên vẫn kiểm tra được khi IOC ngừng), đóng dấu phiên bản (revision) kế tiếp của chuỗi (chỉ số, địa bàn, kỳ), ghi vào hàng đợi của nền tảng rồi gửi mọi mục còn chờ theo đúng thứ tự. Khi IOC ngừng, bước này thử lại; số liệu nằm trong hàng đợi, không mất, không đảo thứ tự (docs/decisions/0014-ioc-indicator-outbox.md).',
    en: 'Checks each observation against the approved IOC indicator set (the one the IOC last gave, so it still checks while the IOC is down), stamps the next revision of its series (indicator, area, period), writes it to the platform\'s outbox, then sends every pending item in order. While the IOC is down the step retries; the values wait in the outbox, never lost or reordered (docs/decisions/0014-ioc-indicator-outbox.md).',
  },
  input: Type.Object({
    observations: Type.Array(Type.Object({
      indicatorCode: Type.String({ minLength: 1 }), areaCode: Type.String({ pattern: '^\\d{2}(\\d{3})?$', title: 'Mã tỉnh (2) hoặc xã (5)' }),
      period: Type.String({ minLength: 1, title: 'Kỳ: 2026-01-15, 2026-01, 2026-Q1…' }), value: Type.Number(), unit: Type.String({ minLength: 1 }),
      observedAt: Type.Optional(Type.String({ format: 'date-time' })), sourceSystem: Type.Optional(Type.String()),
    }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  }, { additionalProperties: false }),
  output: Type.Object({
    queued: Type.Array(Type.Object({ ...Series, revision: Type.Integer() })),
    invalid: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String(), indicatorCode: Type.String() })),
    delivered: Type.Integer({ title: 'Mục đã gửi trong lần này (kể cả mục chờ từ trước)' }),
    rejected: Type.Array(Type.Object({ ...Series, revision: Type.Integer(), code: Type.String() })),
    queuedCount: Type.Integer(), invalidCount: Type.Integer(),
  }),
  credential: 'ioc',
  timeout: '2m',
  // Long enough to outlast an IOC outage of hours; what is still pending afterwards goes with the next delivery.
  retry: { maximumAttempts: 100, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10m' },
  errors: [...iocErrors, 'IOC_STORE_UNAVAILABLE', 'IOC_INDICATORS_UNKNOWN'],
  idempotent: true,
  readOnly: false,
  idempotencyKey: 'queued once per (step key, index); each outbox row is sent under its own key, so a resend is acknowledged, not stored twice',
  personalData: [],
});
