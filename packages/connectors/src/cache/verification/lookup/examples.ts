import type { ConnectorExample } from '../../../sdk/types.js';

// Run in lookup.test.ts and, against the platform's table, in test/system/lookup-7a.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'nobody verified yet: a miss', input: { citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512' }, output: { hit: false } },
  { name: 'an ID that is not 12 digits', input: { citizenId: '123', fullName: 'NGUYỄN VĂN AN' }, error: 'CONNECTOR_INPUT_INVALID' },
];
