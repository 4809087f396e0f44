import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const At = Type.String({ format: 'date-time' });

export const manifest = defineConnector({
  id: 'ioc:feedback:record',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Ghi phản ánh vào sổ theo dõi của tỉnh', en: 'Record a feedback item in the province register' },
  description: {
    vi: 'Ghi một bước của phản ánh kiến nghị (tiếp nhận, xác minh, từ chối, giao, trả lời, khảo sát, đóng) vào sổ theo dõi của nền tảng. Khi tiếp nhận, cho biết phản ánh có trùng một phản ánh trước đó không (cùng nội dung, cùng xã, trong khoảng thời gian đã nêu). Thống kê quý (R-34) đếm từ sổ này. Nội dung chỉ được giữ dưới dạng băm.',
    en: 'Records one step of a feedback item (received, verified, rejected, assigned, answered, surveyed, closed) in the platform\'s register. On receipt, answers whether it duplicates an earlier item (same content, same commune, within the given window). The quarterly statistics (R-34) count from it. The content is kept only as a hash.',
  },
  input: Type.Object({
    feedbackId: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$', title: 'Mã phản ánh' }),
    status: Type.Union(['received', 'verified', 'rejected', 'assigned', 'answered', 'surveyed', 'closed'].map((s) => Type.Literal(s)), { title: 'Bước' }),
    content: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000, title: 'Nội dung (khi tiếp nhận)' })),
    category: Type.Optional(Type.String({ minLength: 1, title: 'Lĩnh vực' })),
    communeCode: Type.Optional(Type.String({ pattern: '^\\d{5}$', title: 'Mã xã' })),
    receivedAt: Type.Optional(At),
    /** DOMAIN §7.d step 2: "duplicates (content, location, time)". */
    windowHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720, default: 72, title: 'Cửa sổ trùng lặp (giờ)' })),
    unitCode: Type.Optional(Type.String({ minLength: 1, title: 'Đơn vị xử lý' })),
    dueAt: Type.Optional(At),
    surveyScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, title: 'Mức hài lòng (1–5)' })),
    reason: Type.Optional(Type.String({ maxLength: 1000, title: 'Lý do từ chối' })),
    duplicateOf: Type.Optional(Type.Union([Type.String(), Type.Null()], { title: 'Trùng với' })),
  }, { additionalProperties: false }),
  output: Type.Object({
    feedbackId: Type.String(), status: Type.String(),
    duplicateOf: Type.Union([Type.String(), Type.Null()]),
  }, { additionalProperties: false }),
  timeout: '10s',
  retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: ['IOC_STORE_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: false,
  idempotencyKey: 'by feedbackId and step: recording the same step again changes nothing that was answered (a duplicate stays the duplicate of the same item)',
  personalData: ['content'],
});
