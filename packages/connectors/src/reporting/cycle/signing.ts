import { createPrivateKey, sign } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import type { Credential } from '../../sdk/types.js';

/** The signing seam (DOMAIN §7.c step 6): a provider signs bytes with a key it names by id; the key never leaves it. */
export interface SigningProvider {
  sign(keyId: string, data: Buffer): Promise<{ algorithm: string; value: string }>;
}

/**
 * A software key held by the platform: a `signing-key` credential ({ privateKeyPem }, Ed25519, encrypted at rest like every
 * credential). A HSM or a CA's remote-signing service would be another SigningProvider behind the same connector.
 */
export function softwareKeySigner(resolve: (keyId: string) => Promise<Credential>): SigningProvider {
  return {
    async sign(keyId, data) {
      const cred = await resolve(keyId);
      if (typeof cred.privateKeyPem !== 'string') throw new LtError('REPORT_SIGNING_KEY_INVALID', { keyId, detail: 'no privateKeyPem' });
      const key = createPrivateKey(cred.privateKeyPem);
      return { algorithm: 'Ed25519', value: sign(null, data, key).toString('base64') };
    },
  };
}
