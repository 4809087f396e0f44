import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { decryptJson, encryptJson, type MasterKey } from '@lienthong/db';

/** A fresh AES-256 content key for one exchange. */
export const newContentKey = (): Buffer => randomBytes(32);

/** The content key encrypted under the master key (what exchange_keys keeps). */
export const wrapKey = (key: Buffer, mk: MasterKey): string => encryptJson({ k: key.toString('base64') }, mk);
export const unwrapKey = (wrapped: string, mk: MasterKey): Buffer => Buffer.from(decryptJson<{ k: string }>(wrapped, mk).k, 'base64');

/** AES-256-GCM: iv (12) ‖ tag (16) ‖ ciphertext, base64; the exchange id is bound as associated data. */
export function sealContent(plain: Buffer, key: Buffer, exchangeId: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(exchangeId, 'utf8'));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
}

/**
 * The same sealed form, built chunk by chunk (a streamed upload): the plaintext is never held whole,
 * only its ciphertext, which the caller bounds by refusing once the size limit is passed.
 */
export function createSealer(key: Buffer, exchangeId: string): { update(chunk: Uint8Array): void; final(): string } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(exchangeId, 'utf8'));
  const parts: Buffer[] = [];
  return {
    update: (chunk) => { parts.push(c.update(chunk)); },
    final: () => {
      parts.push(c.final());
      return Buffer.concat([iv, c.getAuthTag(), ...parts]).toString('base64');
    },
  };
}

export function openContent(sealed: string, key: Buffer, exchangeId: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAAD(Buffer.from(exchangeId, 'utf8'));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

