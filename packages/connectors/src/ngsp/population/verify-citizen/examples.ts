import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: '1.001193', officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'known citizen, exact name and birth date', input: { ...base, citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512' }, output: { match: true } },
  { name: 'year-only birth date', input: { ...base, citizenId: '051048000155', fullName: 'Phạm Văn Lợi', birthDate: '1948' }, output: { match: true } },
  { name: 'name without diacritics does not match', input: { ...base, citizenId: '051090123456', fullName: 'NGUYEN VAN AN' }, output: { match: false } },
  { name: 'unknown citizen', input: { ...base, citizenId: '051090999999', fullName: 'KHÔNG CÓ' }, output: { match: false } },
];
