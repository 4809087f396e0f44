import { operation } from '../../../sdk/operation.js';
import { cacheOf, verificationKey, type Identifiers } from '../key.js';
import { manifest } from './manifest.js';

interface Input extends Identifiers { match: boolean; checkedAt: string; ttlHours: number }

// The entry's life counts from when the population DB answered, not from when it is written.
export const createActivity = operation<Input>(manifest, 'verification-cache', async ({ input, credential, deps }) => {
  const checkedAt = new Date(input.checkedAt);
  const expiresAt = new Date(checkedAt.getTime() + input.ttlHours * 3_600_000);
  await cacheOf(deps).put({ key: verificationKey(credential, input), outcome: input.match ? 'match' : 'mismatch', checkedAt, expiresAt });
  return { stored: true, expiresAt: expiresAt.toISOString() };
});
