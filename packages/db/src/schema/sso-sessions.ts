import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Our login session (by its token hash) opened through the provider: the ID token signs the provider's sign-out. */
export const ssoSessions = pgTable('sso_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  issuer: text('issuer').notNull(),
  /** Encrypted under the master key: `<key id>:<AES-256-GCM blob>`. */
  idToken: text('id_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
