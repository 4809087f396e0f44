import { operation } from '../../../sdk/operation.js';
import { reportingCall, SYSTEM } from '../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ templateCode: string }>(manifest, SYSTEM, async ({ input, credential, deps }) =>
  reportingCall(deps, credential, { method: 'GET', path: `templates/${encodeURIComponent(input.templateCode)}` }));
