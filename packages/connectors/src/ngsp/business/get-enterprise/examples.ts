import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: { procedureCode: '2.002345.000.00.00.H48' }, officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'active company', input: { ...base, enterpriseCode: '4399000017' }, output: { record: { tenDoanhNghiep: 'CÔNG TY TNHH NÔNG SẢN SA HUỲNH', trangThai: 'dang_hoat_dong' } } },
  { name: 'suspended cooperative', input: { ...base, enterpriseCode: '4399000025' }, output: { record: { trangThai: 'tam_ngung_kinh_doanh' } } },
  { name: 'dissolved company (Vĩnh Long)', input: { ...base, enterpriseCode: '1599000031' }, output: { record: { trangThai: 'da_giai_the', diaChiTruSo: { maTinhThanh: '86' } } } },
  { name: 'unknown code', input: { ...base, enterpriseCode: '4399999999' }, error: 'NOT_FOUND' },
];
