import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { accessKeys, connectedSystems, decryptJson, encryptJson, sessionKeys, type Db, type MasterKey } from '@lienthong/db';
import type { RegistryService } from './registry.js';

export interface IssuedKey {
  accessKeyId: string;
  /** Shown once, never again. */
  secretKey: string;
  systemCode: string;
  createdAt: Date;
}

export interface KeyView {
  accessKeyId: string;
  systemCode: string;
  status: 'active' | 'grace' | 'revoked' | 'expired';
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** What signature verification needs about a key: its secret and its system. */
export interface ResolvedKey {
  accessKeyId: string;
  secretKey: string;
  state: 'active' | 'revoked';
  system: typeof connectedSystems.$inferSelect;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const b32 = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, '').toUpperCase();

export const DEFAULT_GRACE_SECONDS = 24 * 3600;
export const SESSION_KEY_TTL_SECONDS = 15 * 60;

function viewOf(row: typeof accessKeys.$inferSelect, now = new Date()): KeyView {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : row.expiresAt ? 'grace' : 'active';
  return { accessKeyId: row.accessKeyId, systemCode: row.systemCode, status, createdAt: row.createdAt, expiresAt: row.expiresAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt };
}

/** Access/secret key pairs of connected systems and the session keys they obtain (REG 001 Đ12). */
export function createKeyService(db: Db, registry: RegistryService, masterKey: MasterKey | undefined, olderKeys: readonly MasterKey[] = []) {
  const byId = new Map([...(masterKey ? [masterKey] : []), ...olderKeys].map((k) => [k.id, k]));
  const mk = (): MasterKey => {
    if (!masterKey) throw new Error('the key service needs the master key (LT_MASTER_KEY)');
    return masterKey;
  };

  async function newKey(systemCode: string, by: string): Promise<IssuedKey> {
    const accessKeyId = `LTAK${b32(16).slice(0, 16)}`;
    const secretKey = randomBytes(30).toString('base64url');
    const [row] = await db.insert(accessKeys).values({ accessKeyId, systemCode, secret: encryptJson({ secretKey }, mk()), keyId: mk().id, createdBy: by }).returning();
    await registry.recordChange('key', systemCode, 'key.issue', by, { accessKeyId });
    return { accessKeyId, secretKey, systemCode, createdAt: (row as typeof accessKeys.$inferSelect).createdAt };
  }

  async function keyRow(systemCode: string, accessKeyId: string) {
    const [row] = await db.select().from(accessKeys).where(and(eq(accessKeys.accessKeyId, accessKeyId), eq(accessKeys.systemCode, systemCode)));
    if (!row) throw new LtError('KEY_NOT_FOUND', { accessKeyId }, { field: 'accessKeyId' });
    return row;
  }

  return {
    async issue(systemCode: string, by: string): Promise<IssuedKey> {
      await registry.getSystem(systemCode);
      return newKey(systemCode, by);
    },

    async list(systemCode: string): Promise<KeyView[]> {
      await registry.getSystem(systemCode);
      const rows = await db.select().from(accessKeys).where(eq(accessKeys.systemCode, systemCode)).orderBy(asc(accessKeys.createdAt));
      return rows.map((r) => viewOf(r));
    },

    /** A new key; the old one keeps working until the grace period ends (two active keys meanwhile). */
    async rotate(systemCode: string, accessKeyId: string, by: string, graceSeconds = DEFAULT_GRACE_SECONDS): Promise<IssuedKey & { previous: KeyView }> {
      const old = await keyRow(systemCode, accessKeyId);
      if (old.revokedAt) throw new LtError('KEY_ALREADY_REVOKED', { accessKeyId });
      const issued = await newKey(systemCode, by);
      const expiresAt = new Date(Date.now() + graceSeconds * 1000);
      const [prev] = await db.update(accessKeys).set({ expiresAt }).where(eq(accessKeys.accessKeyId, accessKeyId)).returning();
      await registry.recordChange('key', systemCode, 'key.rotate', by, { accessKeyId, replacedBy: issued.accessKeyId, graceEndsAt: expiresAt.toISOString() });
      return { ...issued, previous: viewOf(prev as typeof accessKeys.$inferSelect) };
    },

    /** Takes effect on the next request. */
    async revoke(systemCode: string, accessKeyId: string, by: string): Promise<KeyView> {
      await keyRow(systemCode, accessKeyId);
      const [row] = await db.update(accessKeys).set({ revokedAt: sql`coalesce(${accessKeys.revokedAt}, now())` }).where(eq(accessKeys.accessKeyId, accessKeyId)).returning();
      await registry.recordChange('key', systemCode, 'key.revoke', by, { accessKeyId });
      return viewOf(row as typeof accessKeys.$inferSelect);
    },

    /** For signature verification only: null when the access key does not exist. */
    async resolve(accessKeyId: string): Promise<ResolvedKey | null> {
      const [row] = await db.select({ key: accessKeys, system: connectedSystems }).from(accessKeys)
        .innerJoin(connectedSystems, eq(connectedSystems.code, accessKeys.systemCode)).where(eq(accessKeys.accessKeyId, accessKeyId));
      if (!row) return null;
      const k = byId.get(row.key.keyId);
      if (!k) throw new Error(`access key ${accessKeyId} is encrypted under an unknown master key`);
      const { secretKey } = decryptJson<{ secretKey: string }>(row.key.secret, k);
      const v = viewOf(row.key);
      return { accessKeyId, secretKey, state: v.status === 'active' || v.status === 'grace' ? 'active' : 'revoked', system: row.system };
    },

    async markUsed(accessKeyId: string): Promise<void> {
      await db.update(accessKeys).set({ lastUsedAt: sql`now()` }).where(eq(accessKeys.accessKeyId, accessKeyId));
    },

    // --- session keys -------------------------------------------------------------------------

    /** A short-lived session key bound to (source system, destination service, scopes). */
    async issueSession(source: { systemCode: string; allowedDestinations: readonly string[] }, destination: string, scopes: string[], ttlSeconds = SESSION_KEY_TTL_SECONDS) {
      if (!source.allowedDestinations.includes('*') && !source.allowedDestinations.includes(destination)) {
        throw new LtError('SESSION_KEY_DESTINATION_NOT_ALLOWED', { systemCode: source.systemCode, destination }, { field: 'destination' });
      }
      const dest = await registry.getSystem(destination).catch(() => { throw new LtError('SYSTEM_NOT_FOUND', { systemCode: destination }, { field: 'destination' }); });
      if (dest.status !== 'active') throw new LtError('AUTH_SYSTEM_INACTIVE', { systemCode: destination, status: dest.status }, { field: 'destination' });
      const sessionKey = `ltk_${randomBytes(32).toString('base64url')}`;
      const id = `sk-${randomUUID()}`;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      await db.insert(sessionKeys).values({ tokenHash: sha256(sessionKey), id, sourceSystemCode: source.systemCode, destination, scopes, expiresAt });
      return { sessionKey, sessionKeyId: id, sourceSystemCode: source.systemCode, destination, scopes, expiresAt };
    },

    /** Checked by the destination (signed with its own key): valid only for that destination. */
    async verifySession(sessionKey: string, destinationSystemCode: string) {
      const [row] = await db.select().from(sessionKeys).where(eq(sessionKeys.tokenHash, sha256(sessionKey)));
      if (!row || row.revokedAt || row.expiresAt <= new Date() || row.destination !== destinationSystemCode) return { valid: false as const };
      const [src] = await db.select({ status: connectedSystems.status }).from(connectedSystems).where(eq(connectedSystems.code, row.sourceSystemCode));
      if (src?.status !== 'active') return { valid: false as const };
      return { valid: true as const, sourceSystemCode: row.sourceSystemCode, destination: row.destination, scopes: row.scopes, expiresAt: row.expiresAt, sessionKeyId: row.id };
    },

    /** Revokes a session key; only its source system (or an admin, `asSystem` undefined) may. */
    async revokeSession(sessionKey: string, asSystem?: string): Promise<boolean> {
      const [row] = await db.select().from(sessionKeys).where(eq(sessionKeys.tokenHash, sha256(sessionKey)));
      if (!row || (asSystem && row.sourceSystemCode !== asSystem)) return false;
      await db.update(sessionKeys).set({ revokedAt: sql`now()` }).where(and(eq(sessionKeys.tokenHash, row.tokenHash), isNull(sessionKeys.revokedAt)));
      return true;
    },
  };
}
export type KeyService = ReturnType<typeof createKeyService>;
