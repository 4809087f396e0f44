import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { MaintenanceScope } from './maintenance-windows.js';

/**
 * How long before its start a window must be announced, per target (R-18: at least 24 h for the reporting system).
 * No row: the platform default (24 h). Changes are audited.
 */
export const maintenanceNoticeRules = pgTable('maintenance_notice_rules', {
  scope: text('scope').$type<MaintenanceScope>().notNull(),
  target: text('target').notNull().default(''),
  minNoticeMinutes: integer('min_notice_minutes').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.scope, t.target] })]);
