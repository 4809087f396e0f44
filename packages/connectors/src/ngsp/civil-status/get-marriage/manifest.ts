import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lookupBase, lookupErrors, lookupOutput, lookupRetry } from '../../national/schemas.js';
import { Person, Place } from '../records.js';

export const manifest = defineConnector({
  id: 'ngsp:civil-status:getMarriage',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu đăng ký kết hôn (CSDL hộ tịch)', en: 'Get marriage registration (civil status DB)' },
  description: {
    vi: 'Tra cứu đăng ký kết hôn theo số định danh của một trong hai bên; tình trạng (còn hiệu lực, đã ly hôn…) là dữ liệu.',
    en: 'Looks up a marriage by either spouse\'s ID; its state (in force, divorced…) is data.',
  },
  input: Type.Object({ ...lookupBase, citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh của một bên' }) }, { additionalProperties: false }),
  output: lookupOutput(Type.Object({
    soDangKy: Type.String(), ngayDangKy: Type.String(), noiDangKy: Place, chong: Person, vo: Person,
    tinhTrang: Type.Union([Type.Literal('con_hieu_luc'), Type.Literal('da_ly_hon'), Type.Literal('mot_ben_da_chet')]),
  })),
  credential: 'ngsp-national',
  timeout: '10s',
  retry: lookupRetry,
  errors: lookupErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'requestId = hash of the step key (run id + node id)',
  personalData: ['/record/chong', '/record/vo'],
});
