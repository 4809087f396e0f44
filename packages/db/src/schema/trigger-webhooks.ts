import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The HMAC secret of each flow's inbound webhook (trigger type "webhook"): encrypted under the master key, shown once
 * when made, never read back by the API. One per flow; making a new one replaces the old at once.
 */
export const triggerWebhooks = pgTable('trigger_webhooks', {
  flowKey: text('flow_key').primaryKey(),
  /** encryptJson({ secret }) under the master key `keyId`. */
  secret: text('secret').notNull(),
  keyId: text('key_id').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
