import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'unknown DocId (ErrorCode 20)', input: { docId: '00000000-0000-0000-0000-000000000000' }, error: '20' },
];
