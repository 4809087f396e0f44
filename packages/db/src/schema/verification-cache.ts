import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Citizen verification results (DOMAIN §7.a step 3): keyed by an HMAC of the identifiers (ID ‖ name ‖ birth date) under
 * a key held in the credential store, so the table alone names nobody. It holds the outcome and when it was checked,
 * never the citizen's record; a row past `expires_at` is never served and is pruned.
 */
export const verificationCache = pgTable('verification_cache', {
  /** Hex HMAC-SHA-256 of the normalised identifiers. */
  key: text('key').primaryKey(),
  /** 'match' | 'mismatch': what the population DB answered. */
  outcome: text('outcome').$type<'match' | 'mismatch'>().notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('verification_cache_expires_idx').on(t.expiresAt)]);
