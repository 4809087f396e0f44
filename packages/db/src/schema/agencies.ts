import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { I18nText } from '@lienthong/schemas';

/**
 * Agencies by identifier code (DOMAIN §5.1): the code as given, its normalised form and format,
 * the parent, validity and successors (R-09: old codes keep resolving after a merger or split).
 */
export const agencies = pgTable('agencies', {
  code: text('code').primaryKey(),
  normalized: text('normalized').notNull(),
  format: text('format').$type<'legacy' | 'v2020'>().notNull(),
  name: jsonb('name').$type<I18nText>().notNull(),
  parentCode: text('parent_code'),
  validFrom: timestamp('valid_from', { withTimezone: true }),
  validTo: timestamp('valid_to', { withTimezone: true }),
  successorCodes: jsonb('successor_codes').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
