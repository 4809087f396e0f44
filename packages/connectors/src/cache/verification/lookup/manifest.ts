import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'cache:verification:lookup',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra bộ nhớ đệm kết quả xác thực công dân', en: 'Look up a cached citizen verification' },
  description: {
    vi: 'Tìm kết quả xác thực (khớp / không khớp, thời điểm) còn hạn theo khóa HMAC của số định danh, họ tên và ngày sinh; khóa HMAC nằm trong kho thông tin xác thực. Bộ nhớ đệm không bao giờ giữ hồ sơ công dân; mục hết hạn không được dùng.',
    en: 'Finds an unexpired verification result (match / no match, when) by the HMAC of the ID, name and birth date; the HMAC key lives in the credential store. The cache never holds the citizen\'s record; an expired entry is never used.',
  },
  input: Type.Object({
    citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh cá nhân' }),
    fullName: Type.String({ minLength: 1, title: 'Họ và tên' }),
    birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{2})?)?$', title: 'Ngày sinh (yyyy, yyyyMM, yyyyMMdd)' })),
  }, { additionalProperties: false }),
  output: Type.Object({
    hit: Type.Boolean(),
    match: Type.Optional(Type.Boolean()),
    checkedAt: Type.Optional(Type.String({ format: 'date-time' })),
  }, { additionalProperties: false }),
  credential: 'verification-hmac',
  timeout: '5s',
  retry: { maximumAttempts: 3, initialInterval: '200ms', backoffCoefficient: 2 },
  errors: ['VERIFICATION_CACHE_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'a read: the key is the HMAC of the identifiers',
  personalData: ['citizenId', 'fullName', 'birthDate'],
});
