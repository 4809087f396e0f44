import type { ConnectorExample } from '../../../sdk/types.js';

// Against the platform's reporting domain (packages/services/src/reporting), run in test/system/reporting-cycle.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'an unknown period', input: { periodId: 'kbc-khong-co' }, error: 'REPORT_PERIOD_NOT_FOUND' },
];
