import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Run-end callbacks owed to connected systems: delivered once the run ends, signed, retried with backoff. */
export const runCallbacks = pgTable('run_callbacks', {
  runId: text('run_id').primaryKey(),
  systemCode: text('system_code').notNull(),
  url: text('url').notNull(),
  status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('run_callbacks_due_idx').on(t.status, t.nextAttemptAt)]);
