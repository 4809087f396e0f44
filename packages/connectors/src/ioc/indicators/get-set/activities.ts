import { operation } from '../../../sdk/operation.js';
import { iocCall, SYSTEM } from '../../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation(manifest, SYSTEM, async ({ credential, deps }) => iocCall(deps, credential, { method: 'GET', path: 'indicator-sets' }));
