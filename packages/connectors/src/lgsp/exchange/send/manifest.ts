import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'lgsp:exchange:send',
  version: '1.0.0',
  category: 'lgsp',
  title: { vi: 'Gửi gói tin qua dịch vụ trao đổi dữ liệu (8 bước)', en: 'Send a package through the data exchange (8 steps)' },
  description: {
    vi: 'Thay mặt một hệ thống đã đăng ký: yêu cầu gửi, nhận không gian, tải nội dung kèm mã SHA-256 và chính sách. Trả về mã gói tin; bên nhận được thông báo ngay. Gọi lại bước này không tạo gói tin thứ hai.',
    en: 'On behalf of a registered system: requests the exchange, gets its space, uploads the content with its SHA-256 and the policy. Returns the exchange id; the destination is notified at once. Retrying the step creates no second exchange.',
  },
  input: Type.Object({
    recipient: Type.String({ minLength: 1, title: 'Mã hệ thống nhận' }),
    subject: Type.String({ minLength: 1, maxLength: 500, title: 'Trích yếu' }),
    dataType: Type.String({ minLength: 1, title: 'Loại dữ liệu' }),
    protocol: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('edxml')], { default: 'json' })),
    priority: Type.Optional(Type.Union([Type.Literal('urgent'), Type.Literal('normal')], { default: 'normal' })),
    content: Type.Unknown({ title: 'Nội dung (JSON hoặc chuỗi)' }),
    allowedRecipients: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, title: 'Cơ quan được nhận (mã định danh)' }),
    transformAllowed: Type.Optional(Type.Boolean()),
    deadline: Type.Optional(Type.String({ format: 'date-time' })),
  }, { additionalProperties: false }),
  output: Type.Object({ exchangeId: Type.String(), status: Type.String(), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }), size: Type.Integer({ minimum: 0 }) }),
  credential: 'lienthong-system',
  timeout: '60s',
  retry: { maximumAttempts: 8, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_NETWORK', 'CONNECTOR_REJECTED', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_BAD_REPLY'],
  idempotent: true,
  idempotencyKey: 'Idempotency-Key = the step key: the exchange id is derived from (source system, key), and an upload already made is not repeated',
  personalData: [],
});
