import { operation } from '../../../sdk/operation.js';
import { iocCall, SYSTEM } from '../../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation<Record<string, unknown>>(manifest, SYSTEM, async ({ input, credential, key, deps }) =>
  iocCall(deps, credential, { method: 'POST', path: 'feedback', idempotencyKey: key, json: input }));
