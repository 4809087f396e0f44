import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lookupBase, lookupErrors, lookupOutput, lookupRetry } from '../../national/schemas.js';
import { Person, Place } from '../records.js';

export const manifest = defineConnector({
  id: 'ngsp:civil-status:getBirth',
  version: '1.0.0',
  category: 'ngsp',
  title: { vi: 'Tra cứu đăng ký khai sinh (CSDL hộ tịch)', en: 'Get birth registration (civil status DB)' },
  description: {
    vi: 'Tra cứu bản ghi khai sinh theo số định danh của người được khai sinh; nếu có họ tên thì kiểm tra khớp (MISMATCH là từ chối nghiệp vụ).',
    en: 'Looks up a birth record by the registered person\'s ID; when a name is given it must match (MISMATCH is a business rejection).',
  },
  input: Type.Object({
    ...lookupBase,
    citizenId: Type.String({ pattern: '^[0-9]{12}$', title: 'Số định danh người được khai sinh' }),
    fullName: Type.Optional(Type.String({ minLength: 1, title: 'Họ và tên (để đối chiếu)' })),
  }, { additionalProperties: false }),
  output: lookupOutput(Type.Object({
    soDangKy: Type.String(), quyenSo: Type.String(), ngayDangKy: Type.String(), noiDangKy: Place,
    loaiDangKy: Type.Union([Type.Literal('dung_han'), Type.Literal('qua_han'), Type.Literal('lai')]),
    treEm: Type.Object({ hoVaTen: Type.String(), ngaySinh: Type.String(), gioiTinh: Type.String(), danToc: Type.String(), soDinhDanh: Type.String() }),
    me: Type.Union([Person, Type.Null()]), cha: Type.Union([Person, Type.Null()]),
  })),
  credential: 'ngsp-national',
  timeout: '10s',
  retry: lookupRetry,
  errors: lookupErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'requestId = hash of the step key (run id + node id)',
  personalData: ['/record/treEm', '/record/me', '/record/cha'],
});
