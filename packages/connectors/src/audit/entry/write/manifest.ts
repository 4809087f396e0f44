import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const Scalar = Type.Union([Type.String({ maxLength: 300 }), Type.Number(), Type.Boolean(), Type.Null()]);

export const manifest = defineConnector({
  id: 'audit:entry:write',
  version: '1.0.0',
  category: 'platform',
  title: { vi: 'Ghi nhật ký kiểm toán', en: 'Write an audit entry' },
  description: {
    vi: 'Ghi một dòng vào nhật ký kiểm toán chuỗi băm của nền tảng (DOMAIN §7.a bước 9, §7.b bước 8): ai (cán bộ / hệ thống), vì sao (thủ tục, mục đích), khi nào, kết quả, và một bản tóm tắt các giá trị vô hướng. Số định danh của công dân (subjectId) được băm HMAC bằng khóa của nền tảng ngay trong bước này: nhật ký chỉ giữ mã băm, không bao giờ giữ số định danh. Kiểm toán viên đọc qua GET /api/v1/audit.',
    en: 'Writes one entry into the platform\'s hash-chained audit log (DOMAIN §7.a step 9, §7.b step 8): who (the officer / the system), why (procedure, purpose), when, the outcome, and a summary of scalar values. The citizen\'s ID number (subjectId) is hashed with the platform\'s HMAC key inside this step: the log keeps the keyed hash, never the ID. Auditors read it at GET /api/v1/audit.',
  },
  input: Type.Object({
    action: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,63}$', title: 'Hành động (vd. citizen.verify)' }),
    actor: Type.String({ minLength: 1, maxLength: 120, title: 'Ai thực hiện (mã cán bộ hoặc hệ thống)' }),
    outcome: Type.Union([Type.Literal('ok'), Type.Literal('refused'), Type.Literal('failed')], { title: 'Kết quả ghi nhật ký' }),
    procedureCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, title: 'Mã thủ tục' })),
    purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 300, title: 'Mục đích' })),
    result: Type.Optional(Type.String({ minLength: 1, maxLength: 64, title: 'Kết quả nghiệp vụ (vd. MATCH)' })),
    /** A citizen's ID number: never stored, only its HMAC under the platform's key. */
    subjectId: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh (chỉ lưu mã băm HMAC)' })),
    summary: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }), Scalar, { maxProperties: 30, title: 'Tóm tắt (giá trị vô hướng)' })),
  }, { additionalProperties: false }),
  output: Type.Object({ written: Type.Boolean(), subjectHash: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
  // No credential for an entry without an ID (a dossier's summary); with a subjectId the step reads the platform's HMAC
  // key from the node's credentialId (type verification-hmac, granted to the flow) itself.
  timeout: '10s',
  retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: ['AUDIT_STEP_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID', 'CONNECTOR_CREDENTIAL_NOT_FOUND', 'CONNECTOR_CREDENTIAL_WRONG_TYPE'],
  idempotent: false,
  readOnly: false,
  idempotencyKey: 'none: a retried step may write its entry again (the step key is in the entry, so a reader can tell)',
  personalData: ['subjectId'],
});
