import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { credentials } from './schema/credentials.js';

/** A master key for encrypting secrets at rest; its id (a short fingerprint) is stored beside each secret. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export function masterKeyFrom(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('LT_MASTER_KEY must be 32 bytes, base64-encoded');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

export function encryptJson(value: unknown, mk: MasterKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', mk.key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

export function decryptJson<T>(blob: string, mk: MasterKey): T {
  const raw = Buffer.from(blob, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', mk.key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
}

export class CredentialNotFound extends Error {
  constructor(readonly credentialId: string) {
    super(`credential ${credentialId} not found`);
  }
}

/**
 * Credentials encrypted with AES-256-GCM under the master key. `keys` may hold older master keys
 * so that a rotation can re-encrypt (see rotate); secrets are never returned by the API.
 */
export function createCredentialStore(db: Db, current: MasterKey, older: readonly MasterKey[] = []) {
  const byId = new Map([current, ...older].map((k) => [k.id, k]));
  return {
    async put(id: string, type: string, secret: Record<string, unknown>): Promise<void> {
      const row = { id, type, secret: encryptJson(secret, current), keyId: current.id };
      await db.insert(credentials).values(row).onConflictDoUpdate({ target: credentials.id, set: { ...row, updatedAt: sql`now()` } });
    },
    async resolve(id: string): Promise<{ type: string; [k: string]: unknown }> {
      const [row] = await db.select().from(credentials).where(eq(credentials.id, id));
      if (!row) throw new CredentialNotFound(id);
      const mk = byId.get(row.keyId);
      if (!mk) throw new Error(`credential ${id} is encrypted under an unknown key ${row.keyId}`);
      return { ...decryptJson<Record<string, unknown>>(row.secret, mk), type: row.type };
    },
    /** Id and type only: what any API may show. */
    async list(): Promise<{ id: string; type: string; updatedAt: Date }[]> {
      return db.select({ id: credentials.id, type: credentials.type, updatedAt: credentials.updatedAt }).from(credentials).orderBy(credentials.id);
    },
    /** Re-encrypts every credential under the current key (after LT_MASTER_KEY rotation). */
    async rotate(): Promise<number> {
      const rows = await db.select().from(credentials);
      let n = 0;
      for (const row of rows) {
        if (row.keyId === current.id) continue;
        const mk = byId.get(row.keyId);
        if (!mk) continue;
        await db.update(credentials).set({ secret: encryptJson(decryptJson(row.secret, mk), current), keyId: current.id, updatedAt: sql`now()` }).where(eq(credentials.id, row.id));
        n += 1;
      }
      return n;
    },
  };
}
export type CredentialStoreDb = ReturnType<typeof createCredentialStore>;
