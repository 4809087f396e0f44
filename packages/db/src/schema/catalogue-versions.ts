import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Catalogues as data (issue 17): the working-day calendar, administrative units, procedures, agencies. Every edit or
 * import is a new version of the whole catalogue; append-only (a trigger in the migration refuses UPDATE and DELETE),
 * so a run that pinned a version reads it unchanged for as long as it exists.
 */
export const catalogueVersions = pgTable('catalogue_versions', {
  kind: text('kind').notNull(),
  version: integer('version').notNull(),
  /** The catalogue's rows, as the kind's columns define them (packages/services/src/catalogues/kinds.ts). */
  rows: jsonb('rows').$type<Record<string, unknown>[]>().notNull(),
  note: text('note'),
  /** How the version came: "seed", "edit", "import:csv", "import:xlsx". */
  source: text('source').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.kind, t.version] })]);
