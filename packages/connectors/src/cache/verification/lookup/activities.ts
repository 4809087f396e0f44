import { operation } from '../../../sdk/operation.js';
import { cacheOf, verificationKey, type Identifiers } from '../key.js';
import { manifest } from './manifest.js';

export const createActivity = operation<Identifiers>(manifest, 'verification-cache', async ({ input, credential, deps }) => {
  const hit = await cacheOf(deps).get(verificationKey(credential, input), deps.clock());
  return hit ? { hit: true, match: hit.outcome === 'match', checkedAt: hit.checkedAt.toISOString() } : { hit: false };
});
