import type { ConnectorExample } from '../../../sdk/types.js';

// Run against the seeded catalogue (packages/services/src/catalogues/seed.ts) in test/system/catalogues.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'the current calendar (Tết 2027 from the seed)', input: {}, output: { kind: 'working-calendar', timeZone: 'Asia/Ho_Chi_Minh' } },
  { name: 'a pinned version', input: { version: 1 }, output: { version: 'calendar@1' } },
];
