import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Session keys (REG 001 Đ12): short-lived, bound to (source system, destination service, scopes). Only the SHA-256 of the token is kept. */
export const sessionKeys = pgTable('session_keys', {
  tokenHash: text('token_hash').primaryKey(),
  id: text('id').notNull().unique(),
  sourceSystemCode: text('source_system_code').notNull(),
  destination: text('destination').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
