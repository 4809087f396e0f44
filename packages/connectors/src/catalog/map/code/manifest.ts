import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { catalogNames } from '../../data.js';

export const manifest = defineConnector({
  id: 'catalog:map:code',
  version: '1.0.0',
  category: 'catalog',
  title: { vi: 'Ánh xạ mã danh mục dùng chung', en: 'Map a shared-catalog code' },
  description: {
    vi: 'Chuyển mã giữa các hệ thống theo danh mục dùng chung (dân tộc, giới tính, tình trạng hôn nhân, trạng thái hồ sơ, đơn vị hành chính cũ → mới). "ten" là tên. Giá trị không ánh xạ được là lỗi nêu danh mục, giá trị và nút; không bao giờ cho đi qua nguyên trạng.',
    en: 'Translates a code between systems with the shared catalogs (ethnicity, sex, marital status, dossier status, old → new administrative units). "ten" is the name. An unmappable value is an error naming the catalog, the value and the node; it is never passed through.',
  },
  input: Type.Object({
    catalog: Type.Union(catalogNames.map((c) => Type.Literal(c))),
    from: Type.String({ minLength: 1, title: 'Hệ thống nguồn (vd. csdlqg-dc, dvhc-2024, ten)' }),
    to: Type.String({ minLength: 1, title: 'Hệ thống đích (vd. mf, dvhc-2025, ten)' }),
    value: Type.String({ title: 'Mã / tên cần ánh xạ' }),
  }, { additionalProperties: false }),
  output: Type.Object({ value: Type.String(), name: Type.Optional(Type.String()), catalog: Type.String(), from: Type.String(), to: Type.String(), catalogVersion: Type.String() }),
  timeout: '5s',
  retry: { maximumAttempts: 1 },
  errors: ['CATALOG_UNMAPPABLE', 'CATALOG_AMBIGUOUS', 'CONNECTOR_INPUT_INVALID'],
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'pure function of the input and the catalog version',
  personalData: [],
});
