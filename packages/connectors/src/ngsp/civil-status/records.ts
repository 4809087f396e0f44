import { Type } from '@sinclair/typebox';

/** Record shapes of the civil-status DB (hộ tịch), DOMAIN §6.4 [ASM]. Extra remote fields are tolerated. */
export const Person = Type.Object({ hoVaTen: Type.String(), soDinhDanh: Type.Optional(Type.String()), ngaySinh: Type.Optional(Type.String()) });
export const Place = Type.Object({ maCoQuan: Type.String(), maPhuongXa: Type.String() });
export const SYSTEM = 'CSDL-HOTICH';
