import type { ConnectorExample } from '../../../sdk/types.js';

// Against the platform's reporting domain (packages/services/src/reporting), run in test/system/reporting-cycle.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'a period not aggregated yet', input: { aggregateId: 'tbc-khong-co', approvedBy: 'user:lanhdao' }, error: 'REPORT_AGGREGATE_NOT_FOUND' },
];
