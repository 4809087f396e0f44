import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'status for an unknown document (ErrorCode 20)', input: { documentId: '000.00.92.H48,2026/01/15,999/VP-KSTT', statusCode: '01', organName: 'Sở Tư pháp Quảng Ngãi', staff: { staff: 'Văn thư' } }, error: '20' },
];
