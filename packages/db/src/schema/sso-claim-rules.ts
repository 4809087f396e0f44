import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RoleName } from './users.js';

/**
 * What a signed-in official gets from the provider's claims, in order: when claim `claim` contains (a list) or
 * equals (a string) `value` (any value when null), grant `role`, for agency `agency` or the agency named by the
 * claim `agencyClaim` (e.g. `ou`).
 */
export const ssoClaimRules = pgTable('sso_claim_rules', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  claim: text('claim').notNull(),
  value: text('value'),
  role: text('role').$type<RoleName>().notNull(),
  agency: text('agency'),
  agencyClaim: text('agency_claim'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
