import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const manifest = defineConnector({
  id: 'catalog:calendar:get',
  version: '1.0.0',
  category: 'catalog',
  title: { vi: 'Đọc lịch làm việc', en: 'Read the working calendar' },
  description: {
    vi: 'Đọc lịch làm việc (ngày nghỉ lễ, ngày làm bù, giờ Việt Nam) từ danh mục, phiên bản hiện hành hoặc phiên bản đã nêu. Kết quả nằm trong lịch sử lượt chạy: các hàm $addWorkingDays, $workingDaysBetween, $isWorkingDay dùng đúng phiên bản này, nên phát lại cho cùng kết quả dù quản trị viên sửa lịch sau đó.',
    en: 'Reads the working calendar (holidays, make-up working days, Vietnam time) from the catalogue, the current version or a given one. The result is in the run\'s history: $addWorkingDays, $workingDaysBetween and $isWorkingDay use this very version, so a replay gives the same answer after an admin edits the calendar.',
  },
  input: Type.Object({
    version: Type.Optional(Type.Integer({ minimum: 1, title: 'Phiên bản (bỏ trống: hiện hành)' })),
  }, { additionalProperties: false }),
  output: Type.Object({
    kind: Type.Literal('working-calendar'),
    version: Type.String(),
    timeZone: Type.Literal('Asia/Ho_Chi_Minh'),
    weekend: Type.Array(Type.Integer({ minimum: 0, maximum: 6 })),
    years: Type.Array(Type.Integer()),
    holidays: Type.Array(Day),
    workingDays: Type.Array(Day),
  }),
  timeout: '10s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2 },
  errors: ['CATALOGUE_VERSION_NOT_FOUND', 'CATALOGUE_UNAVAILABLE', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'a read: the same version gives the same calendar',
  personalData: [],
});
