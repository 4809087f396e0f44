import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Requests per key (a connected system) per fixed one-minute window, shared by every API process so a client's limit
 * holds across all of them. UNLOGGED (migration 0010) like signature_replays; windows that ended are pruned.
 */
export const rateWindows = pgTable('rate_windows', {
  key: text('key').notNull(),
  /** Start of the window, epoch milliseconds (a multiple of the window length). */
  windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  count: integer('count').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_windows_start_idx').on(t.windowStart)]);
