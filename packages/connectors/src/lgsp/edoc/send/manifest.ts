import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lgspErrors } from '../errors.js';
import { IsoDate, Organ, Staff } from '../schemas.js';

export const manifest = defineConnector({
  id: 'lgsp:edoc:send',
  version: '1.0.0',
  category: 'lgsp',
  title: { vi: 'Gửi văn bản điện tử (edXML qua LGSP)', en: 'Send an e-document (edXML over the LGSP)' },
  description: {
    vi: 'Dựng gói tin edXML theo QCVN 102:2016 (DocumentId = mã cơ quan, ngày ban hành, số/ký hiệu) kèm tệp đính kèm và gửi qua sendEdoc. Gửi lại cùng bước trả về cùng DocId.',
    en: 'Builds an edXML package per QCVN 102:2016 (DocumentId = agency code, promulgation date, number/notation) with its attachments and sends it with sendEdoc. Resending the same step returns the same DocId.',
  },
  input: Type.Object({
    from: Type.Object({ ...Organ.properties, organId: Type.Optional(Organ.properties.organId) }, { additionalProperties: false, title: 'Cơ quan gửi (mặc định: hệ thống của thông tin xác thực)' }),
    to: Type.Array(Organ, { minItems: 1, title: 'Nơi nhận' }),
    code: Type.Object({ codeNumber: Type.String({ minLength: 1 }), codeNotation: Type.String({ minLength: 1 }) }, { additionalProperties: false, title: 'Số, ký hiệu' }),
    promulgation: Type.Object({ place: Type.String({ minLength: 1 }), date: IsoDate }, { additionalProperties: false, title: 'Nơi, ngày ban hành' }),
    documentType: Type.Object({ type: Type.String({ minLength: 1 }), typeName: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    subject: Type.String({ minLength: 1, title: 'Trích yếu' }),
    content: Type.Optional(Type.String()),
    signer: Type.Object({ competence: Type.Optional(Type.String()), position: Type.Optional(Type.String()), fullName: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    dueDate: Type.Optional(IsoDate),
    toPlaces: Type.Optional(Type.Array(Type.String())),
    otherInfo: Type.Optional(Type.Object({ priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })), sphereOfPromulgation: Type.Optional(Type.String()), typerNotation: Type.Optional(Type.String()), promulgationAmount: Type.Optional(Type.Integer()), pageAmount: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
    steeringType: Type.Optional(Type.Integer({ minimum: 0 })),
    business: Type.Optional(Type.Object({ docType: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Literal(3)]), reason: Type.Optional(Type.String()) }, { additionalProperties: false, title: '0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế' })),
    staff: Staff,
    attachments: Type.Optional(Type.Array(Type.Object({
      cid: Type.String({ pattern: '^[A-Za-z0-9._-]+$' }), name: Type.String({ minLength: 1 }), contentType: Type.String({ minLength: 1 }),
      contentBase64: Type.String({ contentEncoding: 'base64' }), description: Type.Optional(Type.String()),
    }, { additionalProperties: false }))),
  }, { additionalProperties: false }),
  output: Type.Object({ docId: Type.String({ minLength: 1 }), documentId: Type.String(), sentAt: Type.String({ format: 'date-time' }) }),
  credential: 'lgsp-edoc',
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: lgspErrors,
  idempotent: true,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; the LGSP also refuses a second package with the same DocumentId (ErrorCode 21)',
  personalData: [],
});
