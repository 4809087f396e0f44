import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Data that failed to flow: an expired exchange, an undeliverable notification, a silent system. */
export const exchangeAlerts = pgTable('exchange_alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  kind: text('kind').$type<'expired' | 'notification_failed' | 'notification_retrying' | 'source_notification_failed'>().notNull(),
  exchangeId: text('exchange_id'),
  /** The system that is not receiving (or the source told about it). */
  systemCode: text('system_code').notNull(),
  agency: text('agency'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('exchange_alerts_at_idx').on(t.at)]);
