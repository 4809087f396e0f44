import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A large foreach of a run (interpreter engine 4): its items and results live here instead of in Temporal payloads,
 * so the run's history stays small whatever the list's size. One row per foreach node of a run; its items in batch_items.
 */
export const batches = pgTable('batches', {
  /** "<workflow id>/<node id>": a foreach node runs once per run. */
  id: text('id').primaryKey(),
  runId: text('run_id').notNull(),
  nodeId: text('node_id').notNull(),
  total: integer('total').notNull(),
  /** base64(iv | tag | AES-256-GCM(master key, the body's expression context)): $input and the node outputs it names. */
  context: text('context').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('batches_run_idx').on(t.runId)]);
