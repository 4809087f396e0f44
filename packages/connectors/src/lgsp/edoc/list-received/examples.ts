import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'an empty inbox', input: { messageType: 'edoc', fromDate: '2026-01-01' }, output: { items: [], duplicatesDropped: 0 } },
  { name: 'no statuses yet', input: { messageType: 'status', fromDate: '2026-01-01', toDate: '2026-01-31' }, output: { items: [], latestStatus: [], anomalies: [] } },
];
