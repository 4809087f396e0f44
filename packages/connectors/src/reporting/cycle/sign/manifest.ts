import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

export const manifest = defineConnector({
  id: 'reporting:cycle:sign',
  version: '1.0.0',
  category: 'reporting',
  title: { vi: 'Duyệt và ký số báo cáo tổng hợp', en: 'Approve and sign the roll-up' },
  description: {
    vi: 'Ghi nhận lãnh đạo cơ quan chủ trì đã duyệt, rồi ký số báo cáo tổng hợp bằng khóa của nền tảng (thông tin xác thực loại signing-key, chỉ nêu mã; khóa không bao giờ nằm trong dữ liệu luồng, lịch sử hay câu trả lời). Trả lời chữ ký, thuật toán và mã băm.',
    en: 'Records the lead agency\'s approval, then signs the roll-up with the platform\'s key (a signing-key credential, named by id; the key never enters flow data, histories or answers). Answers the signature, algorithm and digest.',
  },
  input: Type.Object({
    aggregateId: Type.String({ minLength: 1, title: 'Mã báo cáo tổng hợp' }),
    approvedBy: Type.String({ minLength: 1, maxLength: 200, title: 'Người duyệt' }),
  }, { additionalProperties: false }),
  output: Type.Object({
    aggregateId: Type.String(), regimeCode: Type.String(), periodLabel: Type.String(),
    signature: Type.Object({ keyId: Type.String(), algorithm: Type.String(), digest: Type.String(), value: Type.String(), signedAt: Type.String() }),
  }),
  timeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['REPORT_AGGREGATE_NOT_FOUND', 'REPORT_TRANSITION_REFUSED', 'REPORT_SIGNING_KEY_INVALID', 'REPORTING_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  idempotencyKey: 'the roll-up: Ed25519 signs the same digest the same way',
  personalData: [],
  credential: 'signing-key',
});
