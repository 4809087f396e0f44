import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { FlowDocument } from '@lienthong/schemas';
import { flows } from './flows.js';

/** Append-only (a trigger in the migrations refuses UPDATE and DELETE): a run's pinned version never changes. */
export const flowVersions = pgTable('flow_versions', {
  flowKey: text('flow_key').notNull().references(() => flows.key),
  version: integer('version').notNull(),
  hash: text('hash').notNull(),
  document: jsonb('document').$type<FlowDocument>().notNull(),
  plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
  note: text('note'),
  publishedBy: text('published_by'),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.flowKey, t.version] })]);
