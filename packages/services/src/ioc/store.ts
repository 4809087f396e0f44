import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { iocFeedback, iocIndicatorDefinitions, iocOutbox, type Db } from '@lienthong/db';

/** A feedback transition (connector ioc:feedback:record). */
export interface FeedbackEntry {
  feedbackId: string; status: string; at: Date;
  category?: string; communeCode?: string; content?: string; receivedAt?: Date;
  unitCode?: string; dueAt?: Date; surveyScore?: number; reason?: string; duplicateOf?: string | null;
}
export interface QueuedObservation { seq: number; indicatorCode: string; areaCode: string; period: string; value: number; unit: string; revision: number; idempotencyKey: string; extra: Record<string, unknown> }
type NewObservation = Omit<QueuedObservation, 'seq' | 'revision' | 'idempotencyKey'>;

/** Content compared as people write it: NFC, lower case, single spaces, no surrounding punctuation. */
export const contentHash = (content: string) => createHash('sha256')
  .update(content.normalize('NFC').toLocaleLowerCase('vi-VN').replace(/[\s\p{P}]+/gu, ' ').trim()).digest('hex');

const HOUR = 3_600_000;
const queued = (r: typeof iocOutbox.$inferSelect): QueuedObservation => ({
  seq: r.seq, indicatorCode: r.indicatorCode, areaCode: r.areaCode, period: r.period, value: r.value, unit: r.unit, revision: r.revision,
  // The IOC's idempotency key of the observation: the outbox row, so every resend of it is the same item.
  idempotencyKey: `lt-ioc-obs-${r.seq}`, extra: r.extra,
});

/**
 * The IOC register and indicator outbox (DOMAIN §7.d) over their tables; the connectors reach it through the worker.
 * Statistics read the register (stats.ts).
 */
export function createIocStore(db: Db) {
  return {
    async recordFeedback(e: FeedbackEntry, windowHours: number): Promise<{ duplicateOf: string | null }> {
      if (e.status === 'received') {
        if (!e.content || !e.category || !e.communeCode || !e.receivedAt) throw new Error('a received item needs content, category, commune and receivedAt');
        const hash = contentHash(e.content);
        const [dup] = await db.select({ id: iocFeedback.feedbackId }).from(iocFeedback).where(and(
          eq(iocFeedback.contentHash, hash), eq(iocFeedback.communeCode, e.communeCode), ne(iocFeedback.feedbackId, e.feedbackId),
          ne(iocFeedback.status, 'rejected'),
          // Only an earlier item can be the original: the same answer however often the step runs.
          gte(iocFeedback.receivedAt, new Date(e.receivedAt.getTime() - windowHours * HOUR)), lte(iocFeedback.receivedAt, e.receivedAt),
        )).orderBy(asc(iocFeedback.receivedAt)).limit(1);
        // A retried step finds its own row: the answer stays the one given the first time.
        await db.insert(iocFeedback).values({ feedbackId: e.feedbackId, category: e.category, communeCode: e.communeCode, contentHash: hash, receivedAt: e.receivedAt, status: 'received' })
          .onConflictDoNothing();
        const [own] = await db.select({ dup: iocFeedback.duplicateOf, status: iocFeedback.status }).from(iocFeedback).where(eq(iocFeedback.feedbackId, e.feedbackId));
        if (own?.status !== 'received') return { duplicateOf: own?.dup ?? null };
        return { duplicateOf: dup?.id ?? null };
      }
      const set: Partial<typeof iocFeedback.$inferInsert> = { status: e.status };
      if (e.status === 'verified') set.verifiedAt = e.at;
      if (e.status === 'rejected') Object.assign(set, { rejectedAt: e.at, rejectReason: e.reason ?? null, duplicateOf: e.duplicateOf ?? null });
      if (e.status === 'assigned') Object.assign(set, { unitCode: e.unitCode ?? null, dueAt: e.dueAt ?? null });
      if (e.status === 'answered') set.answeredAt = e.at;
      if (e.status === 'surveyed') { delete set.status; set.surveyScore = e.surveyScore ?? null; }
      if (e.status === 'closed') set.closedAt = e.at;
      // A retried step sets the same moment again only if it was not set: the first record wins.
      const updated = await db.update(iocFeedback).set(set).where(eq(iocFeedback.feedbackId, e.feedbackId)).returning({ id: iocFeedback.feedbackId });
      if (updated.length === 0) throw new Error(`feedback ${e.feedbackId} is not in the register`);
      return { duplicateOf: null };
    },

    async definitions(set?: Record<string, unknown>[], now = new Date()): Promise<Record<string, unknown>[]> {
      if (set) {
        await db.transaction(async (tx) => {
          await tx.delete(iocIndicatorDefinitions);
          if (set.length) await tx.insert(iocIndicatorDefinitions).values(set.map((d) => ({ code: String(d.code), definition: d, fetchedAt: now })));
        });
        return set;
      }
      return (await db.select().from(iocIndicatorDefinitions)).map((r) => r.definition);
    },

    async enqueue(key: string, items: NewObservation[], now: Date): Promise<QueuedObservation[]> {
      const keys = items.map((_, i) => `${key}#${i}`);
      const existing = await db.select().from(iocOutbox).where(inArray(iocOutbox.enqueueKey, keys));
      if (existing.length === items.length) return existing.sort((a, b) => a.seq - b.seq).map(queued);
      // The next revision of each series is stamped inside one transaction; the unique (series, revision) index refuses a
      // concurrent stamp of the same number, and the step's retry stamps again.
      await db.transaction(async (tx) => {
        for (const [i, o] of items.entries()) {
          if (existing.some((r) => r.enqueueKey === keys[i])) continue;
          const [last] = await tx.select({ revision: iocOutbox.revision }).from(iocOutbox)
            .where(and(eq(iocOutbox.indicatorCode, o.indicatorCode), eq(iocOutbox.areaCode, o.areaCode), eq(iocOutbox.period, o.period)))
            .orderBy(desc(iocOutbox.revision)).limit(1);
          await tx.insert(iocOutbox).values({ enqueueKey: keys[i] as string, indicatorCode: o.indicatorCode, areaCode: o.areaCode, period: o.period, value: o.value, unit: o.unit,
            revision: (last?.revision ?? 0) + 1, extra: o.extra, state: 'pending', queuedAt: now });
        }
      });
      return (await db.select().from(iocOutbox).where(inArray(iocOutbox.enqueueKey, keys))).sort((a, b) => a.seq - b.seq).map(queued);
    },

    async pending(limit: number): Promise<QueuedObservation[]> {
      return (await db.select().from(iocOutbox).where(eq(iocOutbox.state, 'pending')).orderBy(asc(iocOutbox.seq)).limit(limit)).map(queued);
    },

    async settle(results: { seq: number; state: 'delivered' | 'rejected'; iocId?: string; code?: string }[], now: Date): Promise<void> {
      for (const r of results) {
        await db.update(iocOutbox).set({ state: r.state, iocId: r.iocId ?? null, rejectCode: r.code ?? null, deliveredAt: now })
          .where(and(eq(iocOutbox.seq, r.seq), eq(iocOutbox.state, 'pending')));
      }
    },

    /** What the outbox holds, oldest first (the console and the tests). */
    async outbox(): Promise<(typeof iocOutbox.$inferSelect)[]> {
      return db.select().from(iocOutbox).orderBy(asc(iocOutbox.seq));
    },
    countPending: async () => Number((await db.select({ n: sql<number>`count(*)` }).from(iocOutbox).where(eq(iocOutbox.state, 'pending')))[0]?.n ?? 0),
  };
}
export type IocStoreService = ReturnType<typeof createIocStore>;
