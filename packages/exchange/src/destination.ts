import { and, eq, inArray, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { exchangeContents, exchanges } from '@lienthong/db';
import { exchangeSettledSignal, type ExchangeSettled } from '@lienthong/temporal/contracts';
import { systemOnly, type ExchangeCaller } from './access.js';
import { EXCHANGE_OPERATIONS } from './config.js';
import type { ExchangeContext } from './context.js';
import { openContent, sha256Hex } from './crypto.js';
import { ENDED, STEPS } from './state-machine.js';
import { exchangeView } from './views.js';

/** The destination's side, steps 7–8: get ready, fetch, acknowledge; or refuse the package. */
export function createDestinationSide(ctx: ExchangeContext) {
  const { store, access } = ctx;
  const { db } = store;

  /** Step 8a with the content as raw bytes (large content is not worth base64 in JSON). */
  async function fetchRaw(caller: ExchangeCaller | null | undefined, id: string) {
    const { r, p } = await store.visible(caller, id);
    if (ENDED.includes(r.status)) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
    if (p.kind !== 'system' || r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be fetched by anyone but its destination' });
    systemOnly(access, p, 'receive', EXCHANGE_OPERATIONS.receive);
    if (r.status !== 'ready') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be fetched before the destination is ready' });
    const [c] = await db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, id));
    if (!c) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
    const bytes = openContent(c.ciphertext, await store.contentKey(id), id);
    const hash = sha256Hex(bytes);
    if (hash !== c.sha256) throw new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'content' });
    await db.update(exchanges).set({ fetchedAt: sql`coalesce(${exchanges.fetchedAt}, now())`, updatedAt: sql`now()` }).where(eq(exchanges.id, id));
    store.auditEvent(r, 'exchange.fetch', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { size: bytes.length, sha256: hash });
    return { exchangeId: id, contentType: c.contentType, size: bytes.length, sha256: hash, bytes };
  }

  return {
    /** Step 7: the destination says it is ready; the platform answers with the space to fetch from. */
    async ready(caller: ExchangeCaller | null | undefined, id: string) {
      const p = systemOnly(access, caller, 'receive', EXCHANGE_OPERATIONS.receive);
      let r = await store.row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      if (ENDED.includes(r.status)) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
      if (r.status === 'notified') r = (await store.transition(id, 'connect', p.id)) ?? (await store.row(id));
      if (r.status === 'destination_connected') {
        const moved = await store.transition(id, 'ready', p.id);
        if (moved) store.auditEvent(moved, 'exchange.ready', { type: 'system', id: p.id, agency: p.agency });
        r = moved ?? (await store.row(id));
      }
      if (r.status !== 'ready') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'get ready' });
      return { ...exchangeView(r), fetch: { path: `/api/v1/exchanges/${id}/content`, size: r.deliveredSize as number, sha256: r.deliveredSha256 as string, contentType: r.deliveredContentType as string } };
    },

    /** Step 8a: the destination fetches the content with its checksum (checked again on the way out, R-01). After the end: 410 for anyone. */
    async fetch(caller: ExchangeCaller | null | undefined, id: string) {
      const { bytes, ...rest } = await fetchRaw(caller, id);
      return { ...rest, content: bytes.toString('base64') };
    },

    fetchRaw,

    /** Step 8b: the destination confirms with the hash it computed; the content and its key are deleted at once. */
    async acknowledge(caller: ExchangeCaller | null | undefined, id: string, input: { sha256: string }) {
      const p = systemOnly(access, caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const r = await store.row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      if (r.status !== 'ready' || !r.fetchedAt) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be acknowledged before it is fetched' });
      if (input.sha256.toLowerCase() !== r.deliveredSha256) throw new LtError('EXCHANGE_ACK_CHECKSUM_MISMATCH', { exchangeId: id }, { field: 'sha256' });
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: STEPS.acknowledge.to, settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, id), inArray(exchanges.status, [...STEPS.acknowledge.from]))).returning();
        if (!u) return null;
        await store.event(tx, id, 'delivered', p.id, null, { sha256: input.sha256.toLowerCase() });
        await store.shred(tx, id);
        return u;
      });
      if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: (await store.row(id)).status, action: 'be acknowledged' });
      store.auditEvent(done, 'exchange.acknowledge', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { sha256: done.deliveredSha256 });
      await store.signal<ExchangeSettled>(done, exchangeSettledSignal, { status: 'delivered' });
      return exchangeView(done);
    },

    /** The destination refuses the package with a reason; the content is deleted. */
    async refuse(caller: ExchangeCaller | null | undefined, id: string, input: { code: string; reason: string }) {
      const p = systemOnly(access, caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const r = await store.row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: STEPS.refuse.to, code: input.code, reason: input.reason, settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, id), inArray(exchanges.status, [...STEPS.refuse.from]))).returning();
        if (!u) return null;
        await store.event(tx, id, 'refused_by_destination', p.id, input.code, { reason: input.reason });
        await store.shred(tx, id);
        return u;
      });
      if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be refused' });
      store.auditEvent(done, 'exchange.refuse', { type: 'system', id: p.id, agency: p.agency }, 'ok', input.code);
      await store.signal<ExchangeSettled>(done, exchangeSettledSignal, { status: 'refused_by_destination' });
      return exchangeView(done);
    },
  };
}
