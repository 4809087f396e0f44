import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Key pairs of connected systems. The secret is AES-256-GCM encrypted under the master key (signature
 * verification needs it); `expiresAt` ends a rotated key's grace period.
 */
export const accessKeys = pgTable('access_keys', {
  accessKeyId: text('access_key_id').primaryKey(),
  systemCode: text('system_code').notNull(),
  /** base64(iv ‖ tag ‖ ciphertext) */
  secret: text('secret').notNull(),
  keyId: text('key_id').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [index('access_keys_system_idx').on(t.systemCode)]);
