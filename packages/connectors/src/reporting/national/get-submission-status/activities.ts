import { operation } from '../../../sdk/operation.js';
import { reportingCall, SYSTEM } from '../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ receiptId: string }>(manifest, SYSTEM, async ({ input, credential, deps }) =>
  // The output schema checks status is one of the three; anything else is a bad reply.
  reportingCall(deps, credential, { method: 'GET', path: `submissions/${encodeURIComponent(input.receiptId)}` }));
