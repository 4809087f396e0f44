import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Single sign-on with the province's OpenID Connect provider (one row, id 'default'). The client secret is not here:
 * it sits encrypted in the credential store under `secretCredentialId`.
 */
export const ssoConfig = pgTable('sso_config', {
  id: text('id').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  secretCredentialId: text('secret_credential_id'),
  scopes: text('scopes').notNull().default('openid profile email'),
  /** Shown on the sign-in button ("Đăng nhập bằng tài khoản công vụ tỉnh"). */
  label: text('label'),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
