import { operation } from '../../../sdk/operation.js';
import { expectOk, forward, SYSTEM } from '../../adapter/client.js';
import { manifest } from './manifest.js';

interface Input { dstcode: string; path: string; body: Record<string, unknown>; providerUrl?: string; checkErrorCode?: boolean }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  // session and madonvi come from the adapter client; a flow cannot override them.
  const { session: _s, madonvi: _m, ...body } = input.body;
  const reply = await forward(deps, credential, { dstcode: input.dstcode, path: input.path, body, idempotencyKey: key, ...(input.providerUrl ? { providerUrl: input.providerUrl } : {}) });
  if (input.checkErrorCode !== false) expectOk(SYSTEM, reply.body);
  return reply;
});
