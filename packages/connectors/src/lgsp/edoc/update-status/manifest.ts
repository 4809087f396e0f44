import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lgspErrors } from '../errors.js';
import { Staff, StatusCode } from '../schemas.js';

export const manifest = defineConnector({
  id: 'lgsp:edoc:updateStatus',
  version: '1.0.0',
  category: 'lgsp',
  title: { vi: 'Cập nhật trạng thái văn bản (LGSP)', en: 'Update e-document status (LGSP)' },
  description: {
    vi: 'Gửi gói tin trạng thái edXML: bên nhận 01 đã đến, 02 từ chối (cần lý do), 03 tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành, 15/16 đồng ý / từ chối thu hồi; bên gửi 13 yêu cầu thu hồi. Trạng thái lùi là ErrorCode 22; gửi lại cùng trạng thái được chấp nhận một lần.',
    en: 'Sends an edXML status package: receiver 01 arrived, 02 refused (reason required), 03 accepted, 04 assigned, 05 processing, 06 completed, 15/16 recall accepted / refused; sender 13 recall requested. Going back is ErrorCode 22; resending the same status is accepted once.',
  },
  input: Type.Object({
    documentId: Type.String({ pattern: '^[^,]+,\\d{4}/\\d{2}/\\d{2},[^/]+/.+$', title: 'DocumentId của văn bản ({OrganId},{yyyy/MM/dd},{Số}/{Ký hiệu})' }),
    statusCode: StatusCode,
    description: Type.Optional(Type.String({ title: 'Lý do / ghi chú' })),
    organName: Type.String({ minLength: 1, title: 'Tên cơ quan cập nhật' }),
    staff: Staff,
  }, { additionalProperties: false, if: { properties: { statusCode: { const: '02' } } }, then: { required: ['description'] } }),
  output: Type.Object({ statusCode: Type.String(), duplicate: Type.Boolean(), sentAt: Type.String({ format: 'date-time' }) }),
  credential: 'lgsp-edoc',
  timeout: '20s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: lgspErrors,
  idempotent: true,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; the same status twice is acknowledged as a duplicate',
  personalData: [],
});
