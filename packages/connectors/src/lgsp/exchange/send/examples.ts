import type { ConnectorExample } from '../../../sdk/types.js';

// Run in test/system/exchange-connector.test.ts against the platform's own exchange service.
export const examples: ConnectorExample[] = [
  { name: 'a dossier package to the Department of Justice', input: { recipient: 'qlvb-so-tp', subject: 'Chuyển hồ sơ chứng thực', dataType: 'ho-so-tthc',
    content: { maHoSo: '000.00.53.H48-260115-0099' }, allowedRecipients: ['000.00.53.H48'] }, output: { status: 'uploaded' } },
];
