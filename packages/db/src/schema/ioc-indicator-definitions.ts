import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The approved indicator set as the IOC last gave it: pushes are validated against it even while the IOC is down. */
export const iocIndicatorDefinitions = pgTable('ioc_indicator_definitions', {
  code: text('code').primaryKey(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
});
