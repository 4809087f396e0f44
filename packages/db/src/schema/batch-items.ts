import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type BatchItemState = 'pending' | 'succeeded' | 'failed';

/**
 * One item of a large foreach and, once done, its outcome. A chunk activity that is retried (a worker died) skips the
 * items already done here: each item's outcome is written once (only a pending row is updated).
 */
export const batchItems = pgTable('batch_items', {
  batchId: text('batch_id').notNull(),
  idx: integer('idx').notNull(),
  /** base64(iv | tag | AES-256-GCM(master key, item JSON)). */
  item: text('item').notNull(),
  state: text('state').$type<BatchItemState>().notNull().default('pending'),
  /** Encrypted like item: the connector's output when succeeded, the error (catalogue JSON) when failed. */
  outcome: text('outcome'),
  finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
}, (t) => [primaryKey({ columns: [t.batchId, t.idx] })]);
