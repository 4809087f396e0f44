import { createCipheriv, createDecipheriv, hkdfSync, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

const ENCODING = 'binary/encrypted';
const te = new TextEncoder();
const td = new TextDecoder();

export interface PayloadKey {
  id: string;
  key: Uint8Array;
}

/** Derives the payload key from the master key (HKDF), so one secret protects credentials and histories alike. */
export function payloadKeyFromMaster(masterKeyBase64: string): PayloadKey {
  const master = Buffer.from(masterKeyBase64, 'base64');
  const key = new Uint8Array(hkdfSync('sha256', master, Buffer.alloc(0), 'lienthong/temporal-payload/v1', 32));
  return { id: `pk-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/**
 * Encrypts every Temporal payload (workflow inputs, activity inputs and results, signals, queries)
 * with AES-256-GCM before it leaves the process, so the Temporal database and exported histories
 * hold no clear personal data. The key id travels in the metadata; older keys still decrypt.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Uint8Array>;
  constructor(private readonly current: PayloadKey, older: readonly PayloadKey[] = []) {
    this.byId = new Map([current, ...older].map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = Buffer.from(encodePayload(p));
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: te.encode(ENCODING), 'encryption-key-id': te.encode(this.current.id) }, data: new Uint8Array(data) };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (!p.metadata || td.decode(p.metadata.encoding ?? new Uint8Array()) !== ENCODING) return p;
      const keyId = td.decode(p.metadata['encryption-key-id'] ?? new Uint8Array());
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`no payload key ${keyId}`);
      const raw = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return decodePayload(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]));
    });
  }
}

// A payload as bytes: JSON of base64 fields (small and dependency-free; payloads are not huge here).
function encodePayload(p: Payload): Uint8Array {
  const metadata = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return te.encode(JSON.stringify({ m: metadata, d: Buffer.from(p.data ?? new Uint8Array()).toString('base64') }));
}

function decodePayload(bytes: Uint8Array): Payload {
  const o = JSON.parse(td.decode(bytes)) as { m: Record<string, string>; d: string };
  return { metadata: Object.fromEntries(Object.entries(o.m).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])), data: new Uint8Array(Buffer.from(o.d, 'base64')) };
}
