import { Type } from '@sinclair/typebox';

/** TypeBox shapes shared by the LGSP document connectors' manifests (pure data, browser-safe). */
export const AgencyCode = Type.String({ pattern: '^(\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}|[A-Z]\\d{2}(\\.[0-9A-Z]+)*)$', maxLength: 35, title: 'Mã định danh cơ quan' });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: 'yyyy-MM-dd' });
export const Organ = Type.Object({
  organId: AgencyCode, organName: Type.String({ minLength: 1 }), organizationInCharge: Type.Optional(Type.String()), organAdd: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()), telephone: Type.Optional(Type.String()), fax: Type.Optional(Type.String()), website: Type.Optional(Type.String()),
}, { additionalProperties: false });
export const Staff = Type.Object({ department: Type.Optional(Type.String()), staff: Type.String({ minLength: 1 }), mobile: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }, { additionalProperties: false });
export const StatusCode = Type.Union(['01', '02', '03', '04', '05', '06', '13', '15', '16'].map((c) => Type.Literal(c)), { title: 'Mã trạng thái (QĐ 28/2018/QĐ-TTg)' });
