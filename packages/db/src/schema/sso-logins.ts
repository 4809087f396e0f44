import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A sign-in under way: what /auth/oidc/login sent to the provider (state, nonce, PKCE verifier), used once by the
 * callback. The browser holds only the state, in a cookie bound to this row.
 */
export const ssoLogins = pgTable('sso_logins', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  issuer: text('issuer').notNull(),
  redirectUri: text('redirect_uri').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
