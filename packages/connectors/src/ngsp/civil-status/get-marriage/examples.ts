import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: { procedureCode: '1.000894.000.00.00.H48' }, officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'by the husband\'s ID', input: { ...base, citizenId: '051090123456' }, output: { record: { tinhTrang: 'con_hieu_luc', vo: { hoVaTen: 'TRẦN THỊ BÍCH NGỌC' } } } },
  { name: 'by the wife\'s ID', input: { ...base, citizenId: '051185004321' }, output: { record: { soDangKy: '21/2015', chong: { soDinhDanh: '051090123456' } } } },
  { name: 'never married', input: { ...base, citizenId: '051302000777' }, error: 'NOT_FOUND' },
];
