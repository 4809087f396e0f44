import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lgspErrors } from '../errors.js';

const Organ = Type.Object({ organId: Type.String(), organName: Type.String() });

export const manifest = defineConnector({
  id: 'lgsp:edoc:get',
  version: '1.0.0',
  category: 'lgsp',
  title: { vi: 'Lấy văn bản điện tử (LGSP)', en: 'Get an e-document (LGSP)' },
  description: {
    vi: 'Gọi getEdoc, giải mã gói edXML và trả về các trường chính cùng tệp đính kèm (base64). Không tìm thấy là ErrorCode 20.',
    en: 'Calls getEdoc, decodes the edXML package and returns its main fields with the attachments (base64). Not found is ErrorCode 20.',
  },
  input: Type.Object({ docId: Type.String({ minLength: 1, title: 'DocId do LGSP cấp' }), includeEdxml: Type.Optional(Type.Boolean({ default: false, title: 'Kèm gói edXML gốc (base64)' })) }, { additionalProperties: false }),
  output: Type.Object({
    docId: Type.String(), documentId: Type.String({ minLength: 1 }), from: Organ, to: Type.Array(Organ),
    code: Type.Object({ codeNumber: Type.String(), codeNotation: Type.String() }),
    promulgation: Type.Object({ place: Type.String(), date: Type.String() }),
    documentType: Type.Object({ type: Type.String(), typeName: Type.String() }),
    subject: Type.String(), content: Type.String(), signer: Type.Object({ position: Type.String(), fullName: Type.String() }),
    businessDocType: Type.Integer({ minimum: 0, maximum: 3 }),
    attachments: Type.Array(Type.Object({ cid: Type.String(), name: Type.String(), contentType: Type.String(), contentBase64: Type.String() })),
    edxmlBase64: Type.Optional(Type.String()),
  }),
  credential: 'lgsp-edoc',
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: lgspErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'read-only',
  personalData: ['/content', '/attachments'],
});
