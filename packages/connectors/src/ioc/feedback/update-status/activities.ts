import { operation } from '../../../sdk/operation.js';
import { iocCall, SYSTEM } from '../../client.js';
import { manifest } from './manifest.js';

interface Input { feedbackId: string; to: string; by: string; note?: string; at?: string; assignedUnitCode?: string }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const { feedbackId, ...change } = input;
  const body = await iocCall(deps, credential, { method: 'POST', path: `feedback/${encodeURIComponent(feedbackId)}/status`, idempotencyKey: key,
    json: { at: deps.clock().toISOString(), ...change, idempotencyKey: key } });
  return { feedbackId, status: body.status, historyLength: body.historyLength };
});
