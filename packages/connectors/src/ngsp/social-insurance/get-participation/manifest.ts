import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lookupBase, lookupErrors, lookupOutput, lookupRetry } from '../../national/schemas.js';

export const manifest = defineConnector({
  id: 'ngsp:social-insurance:getParticipation',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu quá trình tham gia BHXH', en: 'Get social-insurance participation' },
  description: {
    vi: 'Tra cứu theo số định danh hoặc mã số BHXH (một trong hai).',
    en: 'Looks up by personal ID or social-insurance number (one of the two).',
  },
  input: Type.Object({
    ...lookupBase,
    citizenId: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh cá nhân' })),
    insuranceNo: Type.Optional(Type.String({ pattern: '^[0-9]{10}$', title: 'Mã số BHXH' })),
  }, { additionalProperties: false, anyOf: [{ required: ['citizenId'] }, { required: ['insuranceNo'] }] }),
  output: lookupOutput(Type.Object({
    maSoBhxh: Type.String(), hoVaTen: Type.String(), dangThamGia: Type.Boolean(),
    loaiHinh: Type.Union([Type.Literal('bat_buoc'), Type.Literal('tu_nguyen')]),
    donVi: Type.Union([Type.Object({ maSoDoanhNghiep: Type.String(), ten: Type.String() }), Type.Null()]),
    tuThang: Type.String(), denThang: Type.Union([Type.String(), Type.Null()]),
    theBhyt: Type.Union([Type.Object({ soThe: Type.String(), hanDen: Type.String() }), Type.Null()]),
  })),
  credential: 'ngsp-national',
  timeout: '10s',
  retry: lookupRetry,
  errors: lookupErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'requestId = hash of the step key (run id + node id)',
  personalData: ['/record'],
});
