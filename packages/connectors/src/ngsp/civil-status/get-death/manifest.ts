import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lookupBase, lookupErrors, lookupOutput, lookupRetry } from '../../national/schemas.js';

export const manifest = defineConnector({
  id: 'ngsp:civil-status:getDeath',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu đăng ký khai tử (CSDL hộ tịch)', en: 'Get death registration (civil status DB)' },
  description: {
    vi: 'Tra cứu bản ghi khai tử theo số định danh của người đã mất; không có bản ghi là từ chối nghiệp vụ NOT_FOUND.',
    en: 'Looks up a death record by the deceased\'s ID; no record is the business rejection NOT_FOUND.',
  },
  input: Type.Object({ ...lookupBase, citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh người đã mất' }) }, { additionalProperties: false }),
  output: lookupOutput(Type.Object({
    soDangKy: Type.String(), ngayDangKy: Type.String(), ngayChet: Type.String(),
    nguoiChet: Type.Object({ hoVaTen: Type.String(), soDinhDanh: Type.String(), ngaySinh: Type.Optional(Type.String()), gioiTinh: Type.Optional(Type.String()) }),
    noiChet: Type.Object({ maPhuongXa: Type.String(), chiTiet: Type.Optional(Type.String()) }),
  })),
  credential: 'ngsp-national',
  timeout: '10s',
  retry: lookupRetry,
  errors: lookupErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'requestId = hash of the step key (run id + node id)',
  personalData: ['/record/nguoiChet'],
});
