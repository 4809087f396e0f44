import type { ConnectorExample } from '../../../sdk/types.js';

// Against the seeded catalogues (packages/services/src/catalogues/seed.ts); run in test/system/catalogues.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'a procedure and its legal deadline', input: { catalogue: 'procedures', code: '2.001234.000.00.00.H48' }, output: { row: { deadlineWorkingDays: 10, agencyCode: '000.00.91.H48' } } },
  { name: 'a split commune becomes two current communes', input: { catalogue: 'admin-units', code: '21100' }, output: { current: ['21172', '91003'] } },
  { name: 'an unknown agency', input: { catalogue: 'agencies', code: '000.00.99.H48' }, error: 'CATALOGUE_ENTRY_NOT_FOUND' },
];
