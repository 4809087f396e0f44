import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** History of every registry change: who, when, what (before and after). */
export const registryChanges = pgTable('registry_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  entity: text('entity').$type<'agency' | 'system' | 'key'>().notNull(),
  entityCode: text('entity_code').notNull(),
  action: text('action').notNull(),
  by: text('by').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  before: jsonb('before').$type<Record<string, unknown> | null>(),
  after: jsonb('after').$type<Record<string, unknown> | null>(),
  requestId: text('request_id'),
}, (t) => [index('registry_changes_entity_idx').on(t.entity, t.entityCode, t.at)]);
