import type { ConnectorExample } from '../../../sdk/types.js';

// Run in write.test.ts against an in-memory log; against the platform's chain in test/system/audit-7a-7b.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'a verification: who, why, the outcome, the ID as a keyed hash', input: { action: 'citizen.verify', actor: 'can-bo-01', outcome: 'ok', procedureCode: '1.001193.000.00.00.H48',
    purpose: 'Đăng ký khai sinh', result: 'MATCH', subjectId: '051090123456' }, output: { written: true } },
  { name: 'a dossier closed: a summary, no ID', input: { action: 'dossier.close', actor: 'system:lien-thong', outcome: 'ok', summary: { dossierNo: '000.25.94.H48-261206-0001', outcome: 'approved', late: false } },
    output: { written: true, subjectHash: null } },
  { name: 'an ID that is not 12 digits is refused', input: { action: 'citizen.verify', actor: 'can-bo-01', outcome: 'ok', subjectId: '0510' }, error: 'CONNECTOR_INPUT_INVALID' },
];
