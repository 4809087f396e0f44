import type { ConnectorExample } from '../../../sdk/types.js';

// Against the platform's reporting domain (packages/services/src/reporting), run in test/system/reporting-cycle.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'an unknown assignment', input: { assignmentId: 'gbc-khong-co', point: 'D-3' }, error: 'REPORT_ASSIGNMENT_NOT_FOUND' },
];
