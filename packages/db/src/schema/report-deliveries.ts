import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type ReportDeliveryState = 'submitted' | 'submitted_fallback' | 'backfilled' | 'failed';

/**
 * Where a province's report for one regime and period went (DOMAIN §7.c step 7, R-28): to the national reporting
 * system (its receipt), or, when that was down near the deadline, as an e-document through eOffice (its document id),
 * then backfilled with the national receipt linked to that document. One row per regime + period + province.
 */
export const reportDeliveries = pgTable('report_deliveries', {
  regime: text('regime').notNull(),
  period: text('period').notNull(),
  province: text('province').notNull(),
  state: text('state').$type<ReportDeliveryState>().notNull(),
  /** The national reporting system's receipt (after a direct submission or the backfill). */
  receiptId: text('receipt_id'),
  /** The fallback e-document: the LGSP's DocId and the edXML DocumentId. */
  edocId: text('edoc_id'),
  documentId: text('document_id'),
  /** The run that delivered it. */
  runId: text('run_id'),
  /** Why it failed (an error code), when state is failed. */
  error: text('error'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  fallbackAt: timestamp('fallback_at', { withTimezone: true }),
  backfilledAt: timestamp('backfilled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regime, t.period, t.province] })]);
