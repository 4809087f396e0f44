import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, eq, exists, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { credentials } from './schema/credentials.js';
import { credentialGrants } from './schema/credential-grants.js';

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

/** The flow (or no flow at all) asking for a credential is not granted it. */
export class CredentialNotGranted extends Error {
  constructor(readonly credentialId: string, readonly flowKey: string) {
    super(`flow ${flowKey} is not granted credential ${credentialId}`);
  }
}

/** A designer's test run publishes `<key>--thu`; it is granted what `<key>` is, never more. */
export const SANDBOX_SUFFIX = '--thu';

/** The grant rows that let `flowKey` use a credential: its own key, its sandbox's base key, and `*`. */
export function grantKeysFor(flowKey: string): string[] {
  const base = flowKey.endsWith(SANDBOX_SUFFIX) ? flowKey.slice(0, -SANDBOX_SUFFIX.length) : flowKey;
  return [...new Set([flowKey, base, '*'])];
}

/** Of these credential ids, those `flowKey` may use. */
export async function grantedCredentials(db: Db, flowKey: string, credentialIds: readonly string[]): Promise<Set<string>> {
  if (credentialIds.length === 0) return new Set();
  const rows = await db.select({ id: credentialGrants.credentialId }).from(credentialGrants)
    .where(and(inArray(credentialGrants.credentialId, [...credentialIds]), inArray(credentialGrants.flowKey, grantKeysFor(flowKey))));
  return new Set(rows.map((r) => r.id));
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
    /**
     * A credential's values. With `use`, for the worker: only when `use.flowKey` is granted it (a missing flow key
     * is refused too); without, for tooling that is not a flow (rotation, seeding checks).
     */
    async resolve(id: string, use?: { flowKey?: string | undefined }): Promise<{ type: string; [k: string]: unknown }> {
      // The credential and, for a flow, whether it is granted: one statement (a connector call reads it on every run).
      const grantKeys = use?.flowKey ? grantKeysFor(use.flowKey) : [];
      const granted = grantKeys.length > 0
        ? exists(db.select({ one: sql`1` }).from(credentialGrants).where(and(eq(credentialGrants.credentialId, credentials.id), inArray(credentialGrants.flowKey, grantKeys))))
        : sql`false`;
      const [found] = await db.select({ row: credentials, granted: sql<boolean>`${granted}` }).from(credentials).where(eq(credentials.id, id));
      if (!found) throw new CredentialNotFound(id);
      const { row } = found;
      if (use !== undefined && (!use.flowKey || found.granted !== true)) throw new CredentialNotGranted(id, use.flowKey ?? '(none)');
      const mk = byId.get(row.keyId);
      if (!mk) throw new Error(`credential ${id} is encrypted under an unknown key ${row.keyId}`);
      return { ...decryptJson<Record<string, unknown>>(row.secret, mk), type: row.type };
    },
    /** Lets these flows (keys, or `*` for every flow) use the credential. */
    async grant(id: string, flowKeys: readonly string[], by?: string): Promise<void> {
      if (flowKeys.length === 0) return;
      await db.insert(credentialGrants).values(flowKeys.map((flowKey) => ({ credentialId: id, flowKey, grantedBy: by ?? null }))).onConflictDoNothing();
    },
    async revoke(id: string, flowKeys: readonly string[]): Promise<void> {
      if (flowKeys.length === 0) return;
      await db.delete(credentialGrants).where(and(eq(credentialGrants.credentialId, id), inArray(credentialGrants.flowKey, [...flowKeys])));
    },
    /** The flow keys a credential is granted to (sorted). */
    async grants(id: string): Promise<string[]> {
      const rows = await db.select({ flowKey: credentialGrants.flowKey }).from(credentialGrants).where(eq(credentialGrants.credentialId, id)).orderBy(credentialGrants.flowKey);
      return rows.map((r) => r.flowKey);
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
