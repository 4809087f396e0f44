import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'generic:soap:call',
  version: '1.0.0',
  category: 'generic',
  title: { vi: 'Gọi dịch vụ SOAP (XML ↔ JSON)', en: 'SOAP call (XML ↔ JSON)' },
  description: {
    vi: 'Gọi một thao tác SOAP 1.1: tham số JSON thành phần tử XML trong không gian tên của dịch vụ, phần trả lời thành JSON. SOAP Fault là từ chối (giữ mã), trừ các mã được khai là tạm thời. Có thể điền mã yêu cầu (vd. MaYeuCau) bằng khóa idempotency của bước.',
    en: 'Calls a SOAP 1.1 operation: JSON parameters become XML elements in the service namespace, the reply becomes JSON. A SOAP Fault is a rejection (code kept) unless its code is declared transient. A request-id parameter (e.g. MaYeuCau) can be filled with the step\'s idempotency key.',
  },
  input: Type.Object({
    path: Type.String({ pattern: '^/[^\\s]*$', title: 'Đường dẫn dịch vụ (sau địa chỉ gốc)' }),
    namespace: Type.String({ minLength: 1, title: 'targetNamespace (theo WSDL)' }),
    operation: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' }),
    soapAction: Type.Optional(Type.String({ title: 'SOAPAction (mặc định: namespace/operation)' })),
    params: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' }), Type.Unknown()),
    requestIdParam: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', title: 'Tham số nhận khóa idempotency (vd. MaYeuCau)' })),
    transientFaults: Type.Optional(Type.Array(Type.String(), { default: ['UNAVAILABLE', 'RATE_LIMITED'] })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30_000, default: 20_000 })),
  }, { additionalProperties: false }),
  output: Type.Object({ response: Type.Record(Type.String(), Type.Unknown()) }),
  credential: 'http',
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED', 'CONNECTOR_SIGNATURE_REFUSED'],
  idempotent: false,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; also the requestIdParam value when set',
  personalData: ['/response'],
});
