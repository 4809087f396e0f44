import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: { procedureCode: '2.002345.000.00.00.H48' }, officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'participating, by personal ID', input: { ...base, citizenId: '051090123456' }, output: { record: { maSoBhxh: '5199123456', dangThamGia: true, loaiHinh: 'bat_buoc' } } },
  { name: 'stopped, by insurance number', input: { ...base, insuranceNo: '8319005566' }, output: { record: { dangThamGia: false, theBhyt: null } } },
  { name: 'not insured', input: { ...base, citizenId: '051302000777' }, error: 'NOT_FOUND' },
];
