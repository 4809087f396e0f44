import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Where one aggregate value came from: each unit value it read (DOMAIN §7.c step 5: lineage). */
export interface ReportLineage {
  indicatorCode: string;
  aggregation: string;
  value: number | string | null;
  /** For aggregation 'rule': the formula over the other aggregate values. */
  rule?: string;
  sources: { assignmentId: string; submissionId: string; unitCode: string; revision: number; value: number | string | null }[];
}

/** A detached signature made by a signing provider; the key is named by id, never stored here. */
export interface ReportSignature { keyId: string; algorithm: string; digest: string; value: string; signedAt: string }

export type ReportAggregateState = 'aggregated' | 'approved' | 'signed' | 'sent';

/** The lead agency's roll-up of a period (one per period). */
export const reportAggregates = pgTable('report_aggregates', {
  id: text('id').primaryKey(),
  periodId: text('period_id').notNull().unique(),
  state: text('state').$type<ReportAggregateState>().notNull().default('aggregated'),
  values: jsonb('values').$type<ReportLineage[]>().notNull(),
  /** Units in scope without an approved submission at aggregation time. */
  missing: jsonb('missing').$type<string[]>().notNull().default([]),
  signature: jsonb('signature').$type<ReportSignature>(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  aggregatedAt: timestamp('aggregated_at', { withTimezone: true }).notNull().defaultNow(),
});
