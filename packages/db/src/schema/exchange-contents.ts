import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Content in transit: iv ‖ tag ‖ ciphertext (base64) under the exchange's own key; deleted on completion. */
export const exchangeContents = pgTable('exchange_contents', {
  exchangeId: text('exchange_id').primaryKey(),
  ciphertext: text('ciphertext').notNull(),
  contentType: text('content_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
});
