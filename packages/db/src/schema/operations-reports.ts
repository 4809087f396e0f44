import { bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Operations reports generated on schedule: one row per kind, period and agency ('' = the whole
 * platform), the XLSX and PDF files base64-encoded as written then. A later generation of the same period replaces it.
 * They hold counts, codes and names only, never personal data or secrets.
 */
export const operationsReports = pgTable('operations_reports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').$type<'monthly' | 'semiannual' | 'annual' | 'adhoc'>().notNull(),
  /** The period as in file names: 2026-03, 2026-h1, 2026. */
  slug: text('slug').notNull(),
  agency: text('agency').notNull().default(''),
  periodFrom: timestamp('period_from', { withTimezone: true, precision: 3 }).notNull(),
  periodTo: timestamp('period_to', { withTimezone: true, precision: 3 }).notNull(),
  /** 'schedule' (the reports schedule) or a person's id. */
  trigger: text('trigger').notNull(),
  generatedAt: timestamp('generated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  xlsx: text('xlsx').notNull(),
  pdf: text('pdf').notNull(),
}, (t) => [
  uniqueIndex('operations_reports_period_uq').on(t.kind, t.slug, t.agency),
  index('operations_reports_generated_idx').on(t.generatedAt),
]);
