import { operation } from '../../../sdk/operation.js';
import { reportingCall, SYSTEM } from '../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation(manifest, SYSTEM, async ({ credential, deps }) => reportingCall(deps, credential, { method: 'GET', path: 'regimes' }));
