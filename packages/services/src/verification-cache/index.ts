import { and, eq, gt, lte } from 'drizzle-orm';
import { verificationCache, type Db } from '@lienthong/db';

export interface VerificationEntry { key: string; outcome: 'match' | 'mismatch'; checkedAt: Date; expiresAt: Date }

/**
 * The citizen verification cache (DOMAIN §7.a step 3) over its table: outcomes by HMAC key, each with an expiry.
 * The keys are computed by the cache connectors under a credential-store key; this service never sees identifiers.
 * An entry past its expiry is never served (the read filters on it) and is deleted by the retention sweep.
 */
export function createVerificationCache(db: Db) {
  return {
    async get(key: string, now: Date): Promise<{ outcome: 'match' | 'mismatch'; checkedAt: Date } | null> {
      const [row] = await db.select({ outcome: verificationCache.outcome, checkedAt: verificationCache.checkedAt }).from(verificationCache)
        .where(and(eq(verificationCache.key, key), gt(verificationCache.expiresAt, now)));
      return row ?? null;
    },
    async put(entry: VerificationEntry): Promise<void> {
      await db.insert(verificationCache).values(entry)
        .onConflictDoUpdate({ target: verificationCache.key, set: { outcome: entry.outcome, checkedAt: entry.checkedAt, expiresAt: entry.expiresAt } });
    },
    /** Deletes every expired entry; returns how many. */
    async sweep(now: Date): Promise<number> {
      const gone = await db.delete(verificationCache).where(lte(verificationCache.expiresAt, now)).returning({ key: verificationCache.key });
      return gone.length;
    },
  };
}

export type VerificationCacheService = ReturnType<typeof createVerificationCache>;
