import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';
export interface AlertDelivery { channel: 'webhook' | 'email'; event: 'firing' | 'resolved'; ok: boolean; attempts: number; at: string; error?: string }

/**
 * Operator alerts: one row per occurrence, firing → (acknowledged) → resolved; resolved rows are
 * the history. At most one open (not resolved) row per key, e.g. `system.silent:ngsp:population`.
 * Details hold counts, codes and ids only, never personal data or secrets.
 */
export const alerts = pgTable('alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  key: text('key').notNull(),
  /** The key's prefix: connector.failure_rate, system.silent, worker.down, exchange.deadline, … */
  rule: text('rule').notNull(),
  /** What the alert is about: a connector, an external system, an exchange id, a task queue. */
  subject: text('subject').notNull(),
  severity: text('severity').$type<'warning' | 'critical'>().notNull().default('warning'),
  status: text('status').$type<AlertStatus>().notNull().default('firing'),
  message: jsonb('message').$type<{ vi: string; en: string }>().notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  firedAt: timestamp('fired_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, precision: 3 }),
  acknowledgedBy: text('acknowledged_by'),
  acknowledgeNote: text('acknowledge_note'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
  deliveries: jsonb('deliveries').$type<AlertDelivery[]>().notNull().default([]),
}, (t) => [
  uniqueIndex('alerts_open_key_idx').on(t.key).where(sql`status <> 'resolved'`),
  index('alerts_fired_at_idx').on(t.firedAt),
]);
