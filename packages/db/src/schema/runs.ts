import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Our index of runs (Temporal holds the history): who started what, pinned to which version. */
export const runs = pgTable('runs', {
  runId: text('run_id').primaryKey(),
  flowKey: text('flow_key').notNull(),
  version: integer('version').notNull(),
  hash: text('hash').notNull(),
  trigger: text('trigger').notNull(),
  agency: text('agency'),
  caller: text('caller'),
  /** Idempotency-Key from the caller, scoped by caller and flow, with the hash of the body it came with. */
  idempotencyKey: text('idempotency_key'),
  requestHash: text('request_hash'),
  status: text('status').notNull().default('running'),
  businessKeys: jsonb('business_keys').$type<Record<string, string>>(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** Step attempts beyond the first, counted from the history when the outcome is recorded (statistics); null before 0015. */
  retries: integer('retries'),
}, (t) => [
  uniqueIndex('runs_idempotency_uq').on(t.caller, t.flowKey, t.idempotencyKey),
  index('runs_flow_started_idx').on(t.flowKey, t.startedAt),
]);
