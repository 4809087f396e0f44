import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'closed periods of the monthly report', input: { regimeCode: 'BC-KTXH-THANG', state: 'closed' }, output: { items: [{ label: '2025-12', dataFrom: '2025-11-15', dataTo: '2025-12-14', deadline: '2025-12-20' }] } },
];
