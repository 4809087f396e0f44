import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { I18nText } from '@lienthong/schemas';

/** A flow: a stable key and its display title. Its content lives in flow_versions. */
export const flows = pgTable('flows', {
  key: text('key').primaryKey(),
  title: jsonb('title').$type<I18nText>().notNull(),
  latestVersion: integer('latest_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
