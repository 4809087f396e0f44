import type { ConnectorExample } from '../../../sdk/types.js';

// Run in store.test.ts and, against the platform's table, in test/system/lookup-7a.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'a match kept for 24 hours', input: { citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512', match: true, checkedAt: '2026-01-15T02:00:00.000Z', ttlHours: 24 },
    output: { stored: true, expiresAt: '2026-01-16T02:00:00.000Z' } },
  { name: 'longer than 24 hours is refused', input: { citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', match: true, checkedAt: '2026-01-15T02:00:00.000Z', ttlHours: 48 }, error: 'CONNECTOR_INPUT_INVALID' },
];
