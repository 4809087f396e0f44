import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'generic:http:request',
  version: '1.0.0',
  category: 'generic',
  title: { vi: 'Gọi HTTP (JSON, form, XML)', en: 'HTTP request (JSON, form, XML)' },
  description: {
    vi: 'Gọi một đường dẫn dưới địa chỉ gốc của thông tin xác thực (loại http: không xác thực, API key, Basic, Bearer, OAuth2 client credentials hoặc chữ ký HMAC của Liên Thông). Trả lời XML được chuyển sang JSON. 5xx/429/hết giờ thì thử lại; 4xx là từ chối, giữ mã của bên kia.',
    en: 'Calls a path under the credential\'s base URL (type http: none, API key, Basic, Bearer, OAuth2 client credentials or Liên Thông HMAC signing). XML replies become JSON. 5xx/429/timeouts are retried; 4xx is a rejection with the remote code kept.',
  },
  input: Type.Object({
    method: Type.Union(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => Type.Literal(m)), { default: 'GET' }),
    path: Type.String({ pattern: '^/[^\\s]*$', title: 'Đường dẫn (sau địa chỉ gốc)' }),
    query: Type.Optional(Type.Record(Type.String(), Type.String())),
    headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$' }), Type.String({ pattern: '^[^\\r\\n]*$' }))),
    bodyType: Type.Optional(Type.Union(['none', 'json', 'form', 'xml'].map((t) => Type.Literal(t)), { default: 'none' })),
    body: Type.Optional(Type.Unknown({ title: 'JSON: mọi giá trị; form: đối tượng phẳng; xml: chuỗi XML' })),
    responseType: Type.Optional(Type.Union(['auto', 'json', 'xml', 'text'].map((t) => Type.Literal(t)), { default: 'auto' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30_000, default: 20_000 })),
  }, { additionalProperties: false }),
  output: Type.Object({ status: Type.Integer(), contentType: Type.String(), body: Type.Unknown() }),
  credential: 'http',
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'],
  idempotent: false,
  idempotencyKey: 'Idempotency-Key header = hash of the step key on every request; idempotent only if the remote honours it',
  personalData: ['/body'],
});
