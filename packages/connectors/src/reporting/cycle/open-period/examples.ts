import type { ConnectorExample } from '../../../sdk/types.js';

// Against the platform's reporting domain (packages/services/src/reporting), run in test/system/reporting-cycle.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'March 2027 of the monthly socio-economic regime', input: { regimeCode: 'BC-KTXH-THANG', periodLabel: '2027-03' }, output: { label: '2027-03', dataFrom: '2027-02-15', dataTo: '2027-03-14' } },
  { name: 'an unknown regime', input: { regimeCode: 'KHONG-CO', periodLabel: '2027-03' }, error: 'REPORT_REGIME_NOT_FOUND' },
];
