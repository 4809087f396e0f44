import { createHmac } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { field } from '../../sdk/operation.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';

/** The citizen identifiers the cache is keyed by (DOMAIN §7.a step 3: ID ‖ name ‖ birth date). */
export interface Identifiers { citizenId: string; fullName: string; birthDate?: string }

/**
 * HMAC-SHA-256 of the normalised identifiers under the credential's key: the same person always gives the same key,
 * and without the key (held in the credential store, never in flow data) a key names nobody. Names are compared as
 * the population DB does: NFC, upper case, single spaces; fields joined by NUL so no two inputs run together.
 */
export function verificationKey(cred: Credential, id: Identifiers): string {
  const name = id.fullName.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi-VN');
  return createHmac('sha256', field(cred, 'key')).update([id.citizenId, name, id.birthDate ?? ''].join('\u0000')).digest('hex');
}

/** The platform's cache store; a worker without it answers a retryable coded error (the step waits for a worker that has it). */
export function cacheOf(deps: ConnectorDeps): NonNullable<ConnectorDeps['verificationCache']> {
  if (!deps.verificationCache) throw new LtError('VERIFICATION_CACHE_UNAVAILABLE');
  return deps.verificationCache;
}
