import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** What a window closes: the platform itself, an external system (a connector's system, e.g. `reporting`) or one connection. */
export type MaintenanceScope = 'platform' | 'system' | 'connection';
export interface MaintenanceDelivery { channel: 'webhook' | 'email'; to: string; ok: boolean; attempts: number; at: string; error?: string }

/**
 * Planned maintenance windows, announced ahead (maintenance_notice_rules says how far). Connector calls to a
 * system in a window wait in their run until it ends; the simulators are given the same windows. A cancelled window
 * stays as history. `target` is '' for the platform, the system code or the connection id otherwise.
 */
export const maintenanceWindows = pgTable('maintenance_windows', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  scope: text('scope').$type<MaintenanceScope>().notNull(),
  target: text('target').notNull().default(''),
  startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }).notNull(),
  reason: jsonb('reason').$type<{ vi: string; en: string }>().notNull(),
  announcedAt: timestamp('announced_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  announcedBy: text('announced_by'),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true, precision: 3 }),
  cancelledBy: text('cancelled_by'),
  /** Where the announcement went (connected systems' webhooks, the operators' email), never a secret. */
  deliveries: jsonb('deliveries').$type<MaintenanceDelivery[]>().notNull().default([]),
}, (t) => [
  check('maintenance_windows_order', sql`${t.endsAt} > ${t.startsAt}`),
  index('maintenance_windows_span_idx').on(t.endsAt, t.startsAt),
]);
