import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [{ name: 'the regimes in force', input: {}, output: { items: [{ code: 'BC-KTXH-THANG', kind: 'periodic', leadAgencyCode: '000.00.92.H48' }] } }];
