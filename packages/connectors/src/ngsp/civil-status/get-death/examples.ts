import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'death registered at Lý Sơn', input: { ...base, citizenId: '051045000321' }, output: { record: { ngayChet: '2025-12-02', noiChet: { maPhuongXa: '91001' } } } },
  { name: 'living person has no death record', input: { ...base, citizenId: '051090123456' }, error: 'NOT_FOUND' },
];
