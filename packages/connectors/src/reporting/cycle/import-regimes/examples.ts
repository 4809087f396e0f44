import type { ConnectorExample } from '../../../sdk/types.js';

// Against the platform's reporting domain (packages/services/src/reporting).
export const examples: ConnectorExample[] = [
  { name: 'the monthly socio-economic regime', input: { items: [{ code: 'BC-KTXH-THANG', name: 'Báo cáo tình hình kinh tế - xã hội hằng tháng', kind: 'periodic', leadAgencyCode: '000.00.92.H48', frequency: 'month' }] }, output: { imported: 1 } },
];
