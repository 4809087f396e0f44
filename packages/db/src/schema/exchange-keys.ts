import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The per-exchange AES-256-GCM content key, itself encrypted under the master key. Deleting the row
 * when the exchange ends makes every copy of the ciphertext unreadable (crypto-shredding).
 */
export const exchangeKeys = pgTable('exchange_keys', {
  exchangeId: text('exchange_id').primaryKey(),
  wrappedKey: text('wrapped_key').notNull(),
  masterKeyId: text('master_key_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
