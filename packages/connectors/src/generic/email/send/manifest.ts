import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const Email = Type.String({ pattern: '^[^\\s<>@,;"]+@[^\\s<>@,;"]+\\.[^\\s<>@,;"]+$', title: 'Địa chỉ email' });

export const manifest = defineConnector({
  id: 'generic:email:send',
  version: '1.0.0',
  category: 'generic',
  title: { vi: 'Gửi email thông báo (SMTP)', en: 'Send an email notification (SMTP)' },
  description: {
    vi: 'Gửi một thư văn bản UTF-8 qua máy chủ SMTP của thông tin xác thực. Message-ID lấy từ khóa idempotency của bước, để lần gửi lại nhận ra được. Kết nối luôn mã hóa: smtp:// bắt buộc STARTTLS, smtps:// dùng TLS ngay từ đầu; máy chủ không mã hóa được thì không nhận mật khẩu lẫn thư. Lỗi 4xx thì thử lại; địa chỉ bị từ chối (5xx) được liệt kê, không có ai nhận là lỗi.',
    en: 'Sends one UTF-8 text message through the credential\'s SMTP server. The Message-ID comes from the step\'s idempotency key, so a resend is recognisable. The connection is always encrypted: smtp:// requires STARTTLS, smtps:// is TLS from the start; a server that cannot encrypt gets neither password nor mail. 4xx is retried; refused addresses (5xx) are listed, none accepted is an error.',
  },
  input: Type.Object({
    to: Type.Array(Email, { minItems: 1, maxItems: 50 }),
    cc: Type.Optional(Type.Array(Email, { maxItems: 50 })),
    subject: Type.String({ minLength: 1, maxLength: 250, pattern: '^[^\\r\\n]*$' }),
    text: Type.String({ minLength: 1 }),
    replyTo: Type.Optional(Email),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000, default: 20_000 })),
  }, { additionalProperties: false }),
  output: Type.Object({ messageId: Type.String(), accepted: Type.Array(Type.String()), rejected: Type.Array(Type.Object({ address: Type.String(), code: Type.String() })) }),
  credential: 'smtp',
  timeout: '60s',
  retry: { maximumAttempts: 5, initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '10m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_NETWORK', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED', 'CONNECTOR_TLS_REQUIRED', 'CONNECTOR_SMTP_URL_INVALID', 'CONNECTOR_SMTP_CLEAR_AUTH'],
  idempotent: false,
  idempotencyKey: 'Message-ID <hash of the step key@lienthong> (SMTP itself does not deduplicate; receivers and our simulator do by Message-ID)',
  personalData: ['/accepted', '/rejected'],
});
