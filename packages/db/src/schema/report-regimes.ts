import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One indicator of a regime's template (DOMAIN §6.7 ReportTemplate). */
export interface ReportIndicator {
  code: string;
  name: string;
  /** A code of the measurement-unit catalogue (packages/services/src/reporting/units.ts). */
  unit: string;
  type: 'number' | 'percent' | 'text';
  aggregation: 'sum' | 'avg' | 'max' | 'min' | 'text_concat' | 'none' | 'rule';
  required?: boolean;
  min?: number;
  max?: number;
  /** A formula the unit's values must satisfy and the aggregate is computed by, e.g. "A03 = A02/A01*100". */
  rule?: string;
}

export type ReportRegimeKind = 'periodic' | 'ministry' | 'thematic' | 'adhoc';

/** A reporting regime (chế độ báo cáo, R-29): its kind is data, imported from the reporting system or entered here; reviewed yearly. */
export const reportRegimes = pgTable('report_regimes', {
  code: text('code').primaryKey(),
  name: jsonb('name').$type<{ vi: string; en: string }>().notNull(),
  kind: text('kind').$type<ReportRegimeKind>().notNull(),
  leadAgencyCode: text('lead_agency_code').notNull(),
  legalBasis: text('legal_basis').notNull().default(''),
  frequency: text('frequency').$type<'month' | 'quarter' | 'half' | 'year' | 'adhoc'>().notNull(),
  templateVersion: text('template_version').notNull(),
  indicators: jsonb('indicators').$type<ReportIndicator[]>().notNull(),
  /** The units (agency codes) a period of this regime is assigned to. */
  unitScope: jsonb('unit_scope').$type<string[]>().notNull(),
  /** Đ10.3: the regime is reviewed once a year; the console lists those past this date. */
  reviewDueAt: timestamp('review_due_at', { withTimezone: true }).notNull(),
  /** 'national' when imported from the reporting system's listRegimes, else 'local'. */
  source: text('source').$type<'national' | 'local'>().notNull().default('local'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
