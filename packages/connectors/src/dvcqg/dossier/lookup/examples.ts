import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'unknown dossier (error_code 03)', input: { dossierNo: '000.25.94.H48-260115-0999' }, error: '03' },
];
