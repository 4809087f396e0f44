import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'ngsp:generic:call',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Gọi dịch vụ NGSP theo mã dịch vụ (dstcode)', en: 'Call an NGSP service by service code (dstcode)' },
  description: {
    vi: 'Gửi JSON qua bộ chuyển tiếp NGSP của tỉnh tới VN:GOV:{mã thành viên}:{hệ thống con}; tự đăng nhập, gắn session và madonvi. error_code khác "00" là từ chối nghiệp vụ (giữ mã).',
    en: 'Sends JSON through the provincial NGSP adapter to VN:GOV:{member}:{subsystem}; logs in, adds session and madonvi. An error_code other than "00" is a business rejection (code kept).',
  },
  input: Type.Object({
    dstcode: Type.String({ pattern: '^VN:GOV:[0-9A-Z.]+:[A-Za-z0-9_-]+$', title: 'Mã dịch vụ đích (dstcode)' }),
    path: Type.String({ pattern: '^[A-Za-z0-9/_.-]*$', title: 'Đường dẫn sau forward/' }),
    body: Type.Record(Type.String(), Type.Unknown(), { title: 'Nội dung JSON (không gồm session, madonvi)' }),
    providerUrl: Type.Optional(Type.String({ title: 'providerurl' })),
    checkErrorCode: Type.Optional(Type.Boolean({ default: true, title: 'Coi error_code ≠ "00" là lỗi' })),
  }, { additionalProperties: false }),
  output: Type.Object({ status: Type.Integer(), body: Type.Unknown() }),
  credential: 'ngsp-adapter',
  timeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'],
  idempotent: false,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; whether the provider honours it depends on the service',
  personalData: ['/body'],
});
