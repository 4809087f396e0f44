import { and, asc, desc, gte, inArray, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { connectedSystems, exchanges } from '@lienthong/db';
import { principalOf, readScopeOf, type ExchangeCaller } from './access.js';
import type { ExchangeContext } from './context.js';
import { DELIVERABLE } from './state-machine.js';
import { iso } from './views.js';

const defined = (c: SQL | undefined): c is SQL => c !== undefined;

/** The operators' statistics (R-14). */
export function createStats(ctx: ExchangeContext) {
  const { store, access } = ctx;
  const { db } = store;
  return {
    /** Statistics: by source, destination, data type, status and day; last connection of each system; failed deliveries. */
    async stats(caller: ExchangeCaller | null | undefined, f: { from?: string; to?: string } = {}) {
      const p = principalOf(access, caller);
      if (p.kind === 'system') throw new LtError('EXCHANGE_SYSTEMS_ONLY', { action: 'read statistics of' });
      const s = readScopeOf(p);
      const scope = s.all ? undefined : s.agencies.length ? or(inArray(exchanges.sourceAgency, s.agencies), inArray(exchanges.destinationAgency, s.agencies)) : sql`false`;
      const where = and(...[scope, f.from ? gte(exchanges.createdAt, new Date(f.from)) : undefined, f.to ? lte(exchanges.createdAt, new Date(f.to)) : undefined].filter(defined));
      const count = sql<number>`count(*)::int`;
      const bytes = sql<number>`coalesce(sum(${exchanges.size}), 0)::bigint`;
      const day = sql<string>`to_char(${exchanges.createdAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
      const group = async (col: SQL | AnyColumn) =>
        (await db.select({ key: sql<string>`${col}`, count, bytes }).from(exchanges).where(where).groupBy(sql`1`).orderBy(sql`1`))
          .map((g) => ({ key: g.key, count: g.count, bytes: Number(g.bytes) }));
      const [bySource, byDestination, byDataType, byStatus, byDay] = await Promise.all([
        group(exchanges.sourceSystem), group(exchanges.destinationSystem), group(exchanges.dataType), group(exchanges.status), group(day)]);
      const systems = await db.select({ code: connectedSystems.code, agency: connectedSystems.agencyCode, status: connectedSystems.status, lastSeenAt: connectedSystems.lastSeenAt })
        .from(connectedSystems).where(s.all ? undefined : s.agencies.length ? inArray(connectedSystems.agencyCode, s.agencies) : sql`false`).orderBy(asc(connectedSystems.code));
      const failed = await db.select().from(exchanges).where(and(...[where, inArray(exchanges.status, ['expired', 'failed', 'refused_by_destination'])].filter(defined)))
        .orderBy(desc(exchanges.updatedAt)).limit(200);
      const retrying = await db.select().from(exchanges).where(and(...[where, inArray(exchanges.status, [...DELIVERABLE]), sql`${exchanges.webhookLastError} is not null`, sql`${exchanges.webhookDeliveredAt} is null`].filter(defined))).limit(200);
      return {
        bySource, byDestination, byDataType, byStatus, byDay,
        systems: systems.map((x) => ({ ...x, lastSeenAt: iso(x.lastSeenAt) })),
        failedDeliveries: [...failed, ...retrying].map((r) => ({ exchangeId: r.id, source: r.sourceSystem, destination: r.destinationSystem, status: r.status, code: r.code ?? r.webhookLastError,
          notificationAttempts: r.webhookAttempts, at: r.updatedAt.toISOString() })),
      };
    },
  };
}
