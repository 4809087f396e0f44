import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log (a trigger refuses UPDATE and DELETE): who, what, which flow/run, when, from
 * where, outcome. Each row's `hash` is SHA-256 over the previous row's hash and this row's fields, so
 * an edited or deleted row breaks the chain (`lienthong audit verify`).
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  actorType: text('actor_type').$type<'system' | 'user' | 'anonymous' | 'platform'>().notNull(),
  actorId: text('actor_id').notNull(),
  agency: text('agency'),
  action: text('action').notNull(),
  outcome: text('outcome').$type<'ok' | 'refused' | 'failed'>().notNull(),
  status: integer('status'),
  code: text('code'),
  flowKey: text('flow_key'),
  runId: text('run_id'),
  ip: text('ip'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_agency_idx').on(t.agency, t.at), index('audit_log_run_idx').on(t.runId)]);
