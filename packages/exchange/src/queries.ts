import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { exchangeAlerts, exchangeEvents, exchanges, type ExchangeStatus } from '@lienthong/db';
import { principalOf, readScopeOf, type ExchangeCaller } from './access.js';
import type { ExchangeContext } from './context.js';
import { exchangeView } from './views.js';

/** The console's exchange filters: sender/recipient match a system code or an agency code; from/to bound the creation time. */
export interface ExchangeSearch {
  status?: ExchangeStatus; sender?: string; recipient?: string; from?: string; to?: string; offset?: number; limit?: number;
}

/** Reading exchanges: one with its history, lists, and the alerts of data that failed to flow. */
export function createQueries(ctx: ExchangeContext) {
  const { store, access } = ctx;
  const { db } = store;
  return {
    /** An exchange with every status it went through (for its source, its destination and auditors). */
    async get(caller: ExchangeCaller | null | undefined, id: string) {
      const { r } = await store.visible(caller, id);
      const events = await db.select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, id)).orderBy(asc(exchangeEvents.id));
      return { ...exchangeView(r), history: events.map((e) => ({ status: e.status, at: e.at.toISOString(), actor: e.actor, code: e.code, detail: e.detail })) };
    },

    /** Exchanges the caller sent or received (a system), or of the caller's agencies (people with audit.read). */
    async list(caller: ExchangeCaller | null | undefined, f: { direction?: 'sent' | 'received'; status?: ExchangeStatus; limit?: number } = {}) {
      const p = principalOf(access, caller);
      const conds: (SQL | undefined)[] = [f.status ? eq(exchanges.status, f.status) : undefined];
      if (p.kind === 'system') {
        conds.push(f.direction === 'sent' ? eq(exchanges.sourceSystem, p.systemCode) : f.direction === 'received' ? eq(exchanges.destinationSystem, p.systemCode)
          : or(eq(exchanges.sourceSystem, p.systemCode), eq(exchanges.destinationSystem, p.systemCode)));
      } else {
        const s = readScopeOf(p);
        if (!s.all) conds.push(s.agencies.length ? or(inArray(exchanges.sourceAgency, s.agencies), inArray(exchanges.destinationAgency, s.agencies)) : sql`false`);
      }
      const rows = await db.select().from(exchanges).where(and(...conds.filter((c): c is SQL => c !== undefined))).orderBy(desc(exchanges.createdAt)).limit(Math.min(f.limit ?? 100, 1000));
      return rows.map(exchangeView);
    },

    /**
     * The console's search (people only): by status, sender and recipient (a system or an agency code) and creation time,
     * newest first, one page at a time with the total, within the agencies the person reaches.
     */
    async search(caller: ExchangeCaller | null | undefined, f: ExchangeSearch = {}) {
      const p = principalOf(access, caller);
      if (p.kind === 'system') throw new LtError('ACCESS_FORBIDDEN', { action: 'exchanges.search' });
      const s = readScopeOf(p);
      const conds: (SQL | undefined)[] = [
        f.status ? eq(exchanges.status, f.status) : undefined,
        f.sender ? or(eq(exchanges.sourceSystem, f.sender), eq(exchanges.sourceAgency, f.sender.toUpperCase())) : undefined,
        f.recipient ? or(eq(exchanges.destinationSystem, f.recipient), eq(exchanges.destinationAgency, f.recipient.toUpperCase())) : undefined,
        f.from ? gte(exchanges.createdAt, new Date(f.from)) : undefined,
        f.to ? lt(exchanges.createdAt, new Date(f.to)) : undefined,
        s.all ? undefined : s.agencies.length ? or(inArray(exchanges.sourceAgency, s.agencies), inArray(exchanges.destinationAgency, s.agencies)) : sql`false`,
      ];
      const where = and(...conds.filter((c): c is SQL => c !== undefined));
      const limit = Math.min(f.limit ?? 20, 200);
      const [rows, [counted]] = await Promise.all([
        db.select().from(exchanges).where(where).orderBy(desc(exchanges.createdAt), desc(exchanges.id)).limit(limit).offset(f.offset ?? 0),
        db.select({ n: count() }).from(exchanges).where(where),
      ]);
      return { exchanges: rows.map(exchangeView), total: counted?.n ?? 0 };
    },

    /** Data that failed to flow: expired exchanges, undeliverable notifications. */
    async alerts(caller: ExchangeCaller | null | undefined, f: { limit?: number } = {}) {
      const p = principalOf(access, caller);
      let where: SQL | undefined;
      if (p.kind === 'system') {
        where = or(eq(exchangeAlerts.systemCode, p.systemCode),
          inArray(exchangeAlerts.exchangeId, db.select({ id: exchanges.id }).from(exchanges).where(eq(exchanges.sourceSystem, p.systemCode))));
      } else {
        const s = readScopeOf(p);
        if (!s.all) where = s.agencies.length ? inArray(exchangeAlerts.agency, s.agencies) : sql`false`;
      }
      const rows = await db.select().from(exchangeAlerts).where(where).orderBy(desc(exchangeAlerts.id)).limit(Math.min(f.limit ?? 100, 1000));
      return rows.map((a) => ({ id: a.id, at: a.at.toISOString(), kind: a.kind, exchangeId: a.exchangeId, systemCode: a.systemCode, agency: a.agency, detail: a.detail }));
    },
  };
}
