import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'cache:verification:store',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Ghi kết quả xác thực công dân vào bộ nhớ đệm', en: 'Cache a citizen verification result' },
  description: {
    vi: 'Ghi kết quả xác thực (khớp / không khớp, thời điểm) theo khóa HMAC của số định danh, họ tên và ngày sinh, có hạn (tối đa 24 giờ). Chỉ giữ kết quả, không bao giờ giữ hồ sơ công dân.',
    en: 'Stores a verification result (match / no match, when) under the HMAC of the ID, name and birth date, with an expiry (at most 24 hours). Only the outcome is kept, never the citizen\'s record.',
  },
  input: Type.Object({
    citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh cá nhân' }),
    fullName: Type.String({ minLength: 1, title: 'Họ và tên' }),
    birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{2})?)?$', title: 'Ngày sinh (yyyy, yyyyMM, yyyyMMdd)' })),
    match: Type.Boolean({ title: 'Khớp' }),
    checkedAt: Type.String({ format: 'date-time', title: 'Thời điểm xác thực' }),
    /** DOMAIN §7.a: a result is cached for 24 hours at most. */
    ttlHours: Type.Number({ exclusiveMinimum: 0, maximum: 24, title: 'Giữ trong (giờ, tối đa 24)' }),
  }, { additionalProperties: false }),
  output: Type.Object({ stored: Type.Boolean(), expiresAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
  credential: 'verification-hmac',
  timeout: '5s',
  retry: { maximumAttempts: 3, initialInterval: '200ms', backoffCoefficient: 2 },
  errors: ['VERIFICATION_CACHE_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: false,
  idempotencyKey: 'an upsert by the HMAC of the identifiers: writing twice leaves one entry',
  personalData: ['citizenId', 'fullName', 'birthDate'],
});
