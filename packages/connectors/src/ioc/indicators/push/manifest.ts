import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { iocErrors } from '../../errors.js';

export const manifest = defineConnector({
  id: 'ioc:indicators:push',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Đẩy số liệu chỉ số lên IOC', en: 'Push indicator values to the IOC' },
  description: {
    vi: 'Gửi một lô (tối đa 500) quan sát theo bộ chỉ số đã phê duyệt. Kết quả nêu từng mục được nhận / bị từ chối (mã lỗi) để chỉ gửi lại mục lỗi. Đính chính là một phiên bản (revision) mới.',
    en: 'Sends a batch (≤ 500) of observations per the approved indicator set. The result lists each item accepted / rejected (with its code) so only failed items are resent. A correction is a new revision.',
  },
  input: Type.Object({
    observations: Type.Array(Type.Object({
      indicatorCode: Type.String({ minLength: 1 }), areaCode: Type.String({ pattern: '^\\d{2}(\\d{3})?$', title: 'Mã tỉnh (2) hoặc xã (5)' }),
      period: Type.String({ minLength: 1, title: 'Kỳ: 2026-01-15, 2026-01, 2026-Q1…' }), value: Type.Number(), unit: Type.String({ minLength: 1 }),
      observedAt: Type.Optional(Type.String({ format: 'date-time' })), sourceSystem: Type.Optional(Type.String()),
      revision: Type.Optional(Type.Integer({ minimum: 1, default: 1 })), idempotencyKey: Type.Optional(Type.String({ minLength: 1 })),
    }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  }, { additionalProperties: false }),
  output: Type.Object({
    accepted: Type.Array(Type.Object({ index: Type.Integer(), id: Type.String(), duplicate: Type.Optional(Type.Boolean()) })),
    rejected: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String(), indicatorCode: Type.String() })),
    acceptedCount: Type.Integer(), rejectedCount: Type.Integer(),
  }),
  credential: 'ioc',
  timeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
  errors: iocErrors,
  idempotent: true,
  idempotencyKey: 'per observation: its own idempotencyKey, else hash of (step key, index)',
  personalData: [],
});
