import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import { alerts, type AlertDelivery, type AlertStatus, type Db } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import type { Finding } from './rules.js';

/** What opens an alert: a rule's finding. */
export type NewAlert = Finding;

export interface AlertView extends NewAlert {
  id: number;
  status: AlertStatus;
  firedAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
  deliveries: AlertDelivery[];
}

type Row = typeof alerts.$inferSelect;
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export const alertView = (r: Row): AlertView => ({
  id: r.id, key: r.key, rule: r.rule, subject: r.subject, severity: r.severity, status: r.status, message: r.message, details: r.details,
  firedAt: r.firedAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), acknowledgedAt: iso(r.acknowledgedAt), acknowledgedBy: r.acknowledgedBy,
  acknowledgeNote: r.acknowledgeNote, resolvedAt: iso(r.resolvedAt), deliveries: r.deliveries,
});

/** Alerts in the database: the engine opens, refreshes and resolves them; operators list and acknowledge. */
export function createAlertStore(db: Db) {
  return {
    /** Opens an alert; null when one with this key is already open. */
    async open(a: NewAlert, at: Date): Promise<AlertView | null> {
      const rows = await db.insert(alerts).values({ ...a, status: 'firing', firedAt: at, lastSeenAt: at })
        .onConflictDoNothing({ target: alerts.key, where: sql`status <> 'resolved'` }).returning();
      return rows[0] ? alertView(rows[0]) : null;
    },
    /** Refreshes the open alert's details (counts move while it fires). */
    async touch(key: string, a: Pick<NewAlert, 'message' | 'details' | 'severity'>, at: Date): Promise<void> {
      await db.update(alerts).set({ ...a, lastSeenAt: at }).where(and(eq(alerts.key, key), ne(alerts.status, 'resolved')));
    },
    async resolve(key: string, at: Date): Promise<AlertView | null> {
      const rows = await db.update(alerts).set({ status: 'resolved', resolvedAt: at, lastSeenAt: at })
        .where(and(eq(alerts.key, key), ne(alerts.status, 'resolved'))).returning();
      return rows[0] ? alertView(rows[0]) : null;
    },
    async acknowledge(id: number, by: string, note: string | undefined, at: Date = new Date()): Promise<AlertView> {
      const rows = await db.update(alerts).set({ status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, acknowledgeNote: note ?? null })
        .where(and(eq(alerts.id, id), eq(alerts.status, 'firing'))).returning();
      if (rows[0]) return alertView(rows[0]);
      const [existing] = await db.select({ status: alerts.status }).from(alerts).where(eq(alerts.id, id));
      if (!existing) throw new LtError('ALERT_NOT_FOUND', { id }, { pointer: '/id' });
      throw new LtError('ALERT_NOT_FIRING', { id, status: existing.status }, { pointer: '/id' });
    },
    async get(id: number): Promise<AlertView> {
      const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
      if (!row) throw new LtError('ALERT_NOT_FOUND', { id }, { pointer: '/id' });
      return alertView(row);
    },
    /** Open alerts (firing or acknowledged), resolved ones (history) or all; newest first, paged by id. */
    async list(filter: { status?: 'open' | 'resolved' | 'all'; limit?: number; before?: number } = {}): Promise<AlertView[]> {
      const status = filter.status ?? 'open';
      const where = and(
        status === 'open' ? ne(alerts.status, 'resolved') : status === 'resolved' ? eq(alerts.status, 'resolved') : undefined,
        filter.before ? lt(alerts.id, filter.before) : undefined);
      const rows = await db.select().from(alerts).where(where).orderBy(desc(alerts.id)).limit(Math.min(filter.limit ?? 100, 500));
      return rows.map(alertView);
    },
    async recordDelivery(id: number, d: AlertDelivery): Promise<void> {
      await db.update(alerts).set({ deliveries: sql`${alerts.deliveries} || ${JSON.stringify([d])}::jsonb` }).where(eq(alerts.id, id));
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
