import type { ConnectorExample } from '../../../sdk/types.js';

// Run in record.test.ts against an in-memory store with the service's forward-only rule.
export const examples: ConnectorExample[] = [
  { name: 'submitted to the national system', input: { regime: 'BC-KTXH-THANG', period: '2026-03', province: '51', state: 'submitted', receiptId: 'BC-0001' },
    output: { state: 'submitted', receiptId: 'BC-0001', edocId: null } },
  { name: 'an unknown state is refused', input: { regime: 'BC-KTXH-THANG', period: '2026-03', province: '51', state: 'sent' }, error: 'CONNECTOR_INPUT_INVALID' },
];
