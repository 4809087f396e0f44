import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'an unknown receipt', input: { receiptId: 'BC-khong-co' }, error: 'RECEIPT_NOT_FOUND' },
];
