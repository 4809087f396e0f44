import { setTimeout as delay } from 'node:timers/promises';
import { systemOnly, type ExchangeCaller, type SystemCaller } from './access.js';
import { EXCHANGE_OPERATIONS } from './config.js';
import type { ExchangeContext } from './context.js';
import { DELIVERABLE } from './state-machine.js';
import { exchangeView, type ExchangeView, type Row } from './views.js';

/** Step 6, the destination's inbox: a list (long-polled on request) or a server-sent-events stream. */
export function createInbox(ctx: ExchangeContext) {
  const { cfg, store, access } = ctx;

  /** The destination has been handed the exchange (`notified` → `destination_connected`); null if it had moved on. */
  async function connect(r: Row, p: SystemCaller): Promise<Row | null> {
    const moved = await store.transition(r.id, 'connect', p.id);
    if (moved) store.auditEvent(moved, 'exchange.destination_connected', { type: 'system', id: p.id, agency: p.agency });
    return moved;
  }

  return {
    /**
     * Step 6: the destination's inbox (urgent first, then oldest). With `waitMs` it long-polls until something
     * arrives. Listing an exchange tells the platform the destination is connected.
     */
    async inbox(caller: ExchangeCaller | null | undefined, o: { waitMs?: number; limit?: number } = {}) {
      const p = systemOnly(access, caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
      const until = Date.now() + Math.min(Math.max(o.waitMs ?? 0, 0), cfg.maxWaitMs);
      let rows = await store.deliverableFor(p.systemCode, limit);
      while (rows.length === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, cfg.pollIntervalMs));
        rows = await store.deliverableFor(p.systemCode, limit);
      }
      const out: Row[] = [];
      for (const r of rows) {
        if (r.status === 'notified') {
          const moved = await connect(r, p);
          if (moved) { out.push(moved); continue; }
        }
        out.push(r);
      }
      return out.map(exchangeView);
    },

    /**
     * Step 6 as server-sent events: everything waiting for the destination (urgent first), then each exchange as it
     * arrives, once per stream; a reconnection sends again whatever is still waiting (deduplicate by id). The stream
     * ends when the caller goes, or after `streamMaxMs` (the client reconnects, signing anew, so a revoked key stops).
     */
    async inboxEvents(caller: ExchangeCaller | null | undefined, o: { signal?: AbortSignal } = {}): Promise<AsyncIterable<{ id: string; event: 'exchange.available'; data: ExchangeView }>> {
      const p = systemOnly(access, caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const end = Date.now() + cfg.streamMaxMs;
      const sent = new Set<string>();
      async function* events() {
        while (!o.signal?.aborted && Date.now() < end) {
          for (const r of await store.deliverableFor(p.systemCode, 100)) {
            if (sent.has(r.id) || o.signal?.aborted) continue;
            sent.add(r.id);
            const now = r.status === 'notified' ? ((await connect(r, p)) ?? (await store.row(r.id))) : r;
            if (DELIVERABLE.includes(now.status)) yield { id: now.id, event: 'exchange.available' as const, data: exchangeView(now) };
          }
          await delay(Math.min(cfg.pollIntervalMs, Math.max(0, end - Date.now())), undefined, o.signal ? { signal: o.signal } : {}).catch(() => undefined);
        }
      }
      return events();
    },
  };
}
