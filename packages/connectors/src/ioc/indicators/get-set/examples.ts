import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [{ name: 'the approved set', input: {}, output: {} }];
