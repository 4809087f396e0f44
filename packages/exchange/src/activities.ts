import { and, eq, inArray, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { connectedSystems, exchangeContents, exchanges } from '@lienthong/db';
import type { ExchangeActivities } from '@lienthong/temporal/contracts';
import type { ExchangeContext } from './context.js';
import { openContent, sealContent, sha256Hex } from './crypto.js';
import { PLATFORM } from './storage.js';
import { DELIVERABLE, STEPS } from './state-machine.js';
import { contentTypeOf, convert, detectFormat, type ExchangeFormat } from './transform.js';
import { iso, notice } from './views.js';

/** The worker side: the activities the exchange workflow runs (contract in @lienthong/temporal/contracts). */
export function createActivities(ctx: ExchangeContext) {
  const { store, delivery } = ctx;
  const { db } = store;

  const activities = {
    /** Step 5: analyse (detect the form), convert when the policy allows, re-encrypt, and open the inbox. */
    async exchangeAnalyse(exchangeId: string): Promise<{ status: string; webhook: boolean; size: number | null; sha256: string | null }> {
      const r = await store.row(exchangeId);
      if (r.status !== 'uploaded') return { status: r.status, webhook: false, size: r.deliveredSize, sha256: r.deliveredSha256 };
      const [c] = await db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, exchangeId));
      if (!c) return { status: r.status, webhook: false, size: null, sha256: null };
      const key = await store.contentKey(exchangeId);
      const original = openContent(c.ciphertext, key, exchangeId);
      if (sha256Hex(original) !== r.sha256) throw new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'content' });
      const from = detectFormat(original);
      let out: ReturnType<typeof convert>;
      try {
        out = convert(original, from, r.protocol as ExchangeFormat, { exchangeId, fromAgency: r.sourceAgency, toAgency: r.destinationAgency, subject: r.subject, at: r.createdAt }, r.policy?.transformAllowed ?? false);
      } catch (err) {
        if (!(err instanceof LtError)) throw err;
        const failed = await db.transaction(async (tx) => {
          const [u] = await tx.update(exchanges).set({ status: STEPS.analysisFailed.to, code: err.code, reason: err.message, settledAt: sql`now()`, updatedAt: sql`now()` })
            .where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, [...STEPS.analysisFailed.from]))).returning();
          if (u) await store.event(tx, exchangeId, 'failed', 'platform', err.code, { from, to: r.protocol });
          await store.shred(tx, exchangeId);
          return u;
        });
        if (failed) store.auditEvent(failed, 'exchange.analyse', PLATFORM, 'failed', err.code);
        return { status: 'failed', webhook: false, size: null, sha256: null };
      }
      const deliveredType = out.transformed ? contentTypeOf[out.format] : c.contentType;
      const hash = out.transformed ? sha256Hex(out.bytes) : c.sha256;
      const [dest] = await db.select({ callbackUrl: connectedSystems.callbackUrl }).from(connectedSystems).where(eq(connectedSystems.code, r.destinationSystem));
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: STEPS.analyse.to, deliveredContentType: deliveredType, deliveredSize: out.bytes.length, deliveredSha256: hash, transformed: out.transformed,
          notifiedAt: sql`now()`, updatedAt: sql`now()` }).where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, [...STEPS.analyse.from]))).returning();
        if (!u) return null;
        if (out.transformed) {
          await tx.update(exchangeContents).set({ ciphertext: sealContent(out.bytes, key, exchangeId), contentType: deliveredType, size: out.bytes.length, sha256: hash })
            .where(eq(exchangeContents.exchangeId, exchangeId));
        }
        await store.event(tx, exchangeId, 'notified', 'platform', null, { detected: from, deliveredAs: out.format, transformed: out.transformed, size: out.bytes.length, sha256: hash,
          channels: dest?.callbackUrl ? ['inbox', 'webhook'] : ['inbox'] });
        return u;
      });
      if (!done) {
        const now = await store.row(exchangeId);
        // A retried attempt after the state moved: the event may not have been handed over yet (the handler is idempotent).
        if (DELIVERABLE.includes(now.status)) await ctx.onReceived?.(notice(now));
        return { status: now.status, webhook: false, size: now.deliveredSize, sha256: now.deliveredSha256 };
      }
      store.auditEvent(done, 'exchange.notify', PLATFORM, 'ok', null, { transformed: out.transformed, size: out.bytes.length, sha256: hash });
      await ctx.onReceived?.(notice(done));
      return { status: 'notified', webhook: !!dest?.callbackUrl, size: out.bytes.length, sha256: hash };
    },

    /** One attempt at the destination's webhook (Temporal retries it with backoff until the notification window ends). */
    async exchangeNotifyDestination(exchangeId: string): Promise<{ delivered: boolean }> {
      const r = await store.row(exchangeId);
      if (!DELIVERABLE.includes(r.status)) return { delivered: false };
      const [dest] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, r.destinationSystem));
      if (!dest?.callbackUrl) return { delivered: false };
      const [counted] = await db.update(exchanges).set({ webhookAttempts: sql`${exchanges.webhookAttempts} + 1` }).where(eq(exchanges.id, exchangeId)).returning({ n: exchanges.webhookAttempts });
      try {
        await delivery.postWebhook(dest.code, dest.callbackUrl, 'exchange.available', notice(r));
      } catch (err) {
        const code = err instanceof LtError ? err.code : 'EXCHANGE_WEBHOOK_UNREACHABLE';
        await db.update(exchanges).set({ webhookLastError: code }).where(eq(exchanges.id, exchangeId));
        if (counted?.n === 1) await store.alert(r, 'notification_retrying', dest.code, dest.agencyCode, { code });
        throw err;
      }
      await db.update(exchanges).set({ webhookDeliveredAt: sql`now()`, webhookLastError: null }).where(eq(exchanges.id, exchangeId));
      store.auditEvent(r, 'exchange.webhook', PLATFORM, 'ok', null, { attempts: counted?.n ?? 1 });
      return { delivered: true };
    },

    /** The webhook could not be delivered within the window: `failed` (with an alert) unless the destination came by the inbox. */
    async exchangeNotificationFailed(exchangeId: string): Promise<{ status: string }> {
      const r = await store.row(exchangeId);
      const failed = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: STEPS.notificationFailed.to, code: 'EXCHANGE_NOTIFICATION_FAILED', settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, [...STEPS.notificationFailed.from]))).returning();
        if (u) await store.event(tx, exchangeId, 'failed', 'platform', 'EXCHANGE_NOTIFICATION_FAILED', { attempts: r.webhookAttempts, lastError: r.webhookLastError });
        if (u) await store.shred(tx, exchangeId);
        return u;
      });
      if (failed) await store.alert(failed, 'notification_failed', failed.destinationSystem, failed.destinationAgency, { attempts: r.webhookAttempts, lastError: r.webhookLastError });
      return { status: failed ? 'failed' : (await store.row(exchangeId)).status };
    },

    /** The deadline passed: `expired` unless something else ended it first; alert and escalate. */
    async exchangeExpire(exchangeId: string): Promise<{ status: string }> {
      const r = await store.row(exchangeId);
      const expired = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: STEPS.expire.to, code: 'EXCHANGE_EXPIRED', settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, [...STEPS.expire.from]))).returning();
        if (u) await store.event(tx, exchangeId, 'expired', 'platform', 'EXCHANGE_EXPIRED', { from: r.status, deadline: iso(r.deadline) });
        if (u) await store.shred(tx, exchangeId);
        return u;
      });
      if (expired) await store.alert(expired, 'expired', r.status === 'space_allocated' ? r.sourceSystem : r.destinationSystem, r.status === 'space_allocated' ? r.sourceAgency : r.destinationAgency,
        { from: r.status, deadline: iso(r.deadline) });
      return { status: expired ? 'expired' : (await store.row(exchangeId)).status };
    },

    /** Deletes whatever is left of the content and its key; a delivered exchange becomes `content_purged`. */
    async exchangePurge(exchangeId: string): Promise<{ status: string }> {
      const out = await db.transaction(async (tx) => {
        await store.shred(tx, exchangeId);
        const [u] = await tx.update(exchanges).set({ status: STEPS.purge.to, purgedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, [...STEPS.purge.from]))).returning();
        if (u) { await store.event(tx, exchangeId, 'content_purged', 'platform'); return u; }
        const [other] = await tx.update(exchanges).set({ purgedAt: sql`coalesce(${exchanges.purgedAt}, now())` }).where(eq(exchanges.id, exchangeId)).returning();
        return other;
      });
      if (out) store.auditEvent(out, 'exchange.purge', PLATFORM, 'ok', null, { status: out.status });
      return { status: out?.status ?? 'unknown' };
    },

    /** Tells the source how its exchange ended (webhook, when it registered one); the status is readable through the API anyway. */
    async exchangeNotifySource(exchangeId: string): Promise<{ delivered: boolean }> {
      const r = await store.row(exchangeId);
      const [src] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, r.sourceSystem));
      if (!src?.callbackUrl) return { delivered: false };
      await delivery.postWebhook(src.code, src.callbackUrl, 'exchange.status', notice(r));
      store.auditEvent(r, 'exchange.source_told', PLATFORM, 'ok', null, { status: r.status });
      return { delivered: true };
    },

    /** The source could not be told: alert, so an operator does. */
    async exchangeSourceNotificationFailed(exchangeId: string): Promise<void> {
      const r = await store.row(exchangeId);
      await store.alert(r, 'source_notification_failed', r.sourceSystem, r.sourceAgency, { status: r.status });
    },
  };
  // The contract's interface, checked here so a changed activity signature fails the build, not a run.
  return activities satisfies ExchangeActivities;
}
