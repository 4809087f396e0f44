import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Connector credentials, AES-256-GCM encrypted at rest; flows reference them by id only. */
export const credentials = pgTable('credentials', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  /** base64(iv ‖ tag ‖ ciphertext) */
  secret: text('secret').notNull(),
  keyId: text('key_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
