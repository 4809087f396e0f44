import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One data key per archived run (AES-256, random), stored wrapped by the master key. The run's personal data in
 * run_records is encrypted under it; when the run's retention ends the wrapped key is erased (crypto-shredding)
 * and the row keeps only when that happened.
 */
export const runKeys = pgTable('run_keys', {
  runId: text('run_id').primaryKey(),
  /** base64(iv | tag | AES-256-GCM(master key, data key)); null once destroyed. */
  wrappedKey: text('wrapped_key'),
  /** Fingerprint of the master key that wrapped it (rotation). */
  masterKeyId: text('master_key_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
});
