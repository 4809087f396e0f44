import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'the monthly socio-economic template', input: { templateCode: 'BC-KTXH-THANG' }, output: { code: 'BC-KTXH-THANG', version: 2 } },
  { name: 'an unknown template', input: { templateCode: 'BC-KHONG-CO' }, error: 'TEMPLATE_NOT_FOUND' },
];
