import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The province's register of IOC feedback items (DOMAIN §7.d, R-33, R-34): one row per item with the moments of its
 * transitions, kept by the flow that handles it (connector ioc:feedback:record). Duplicates are found on it (same
 * content and commune within a time window) and the quarterly statistics are counted from it. The content itself is
 * kept only as a hash: the register needs to compare, never to read it.
 */
export const iocFeedback = pgTable('ioc_feedback', {
  feedbackId: text('feedback_id').primaryKey(),
  category: text('category').notNull(),
  communeCode: text('commune_code').notNull(),
  /** SHA-256 of the normalised content (NFC, lower case, single spaces). */
  contentHash: text('content_hash').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** received | verified | rejected | assigned | answered | closed */
  status: text('status').notNull(),
  duplicateOf: text('duplicate_of'),
  rejectReason: text('reject_reason'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  rejectedAt: timestamp('rejected_at', { withTimezone: true }),
  /** The unit handling it (an agency code): agency scoping of the statistics. */
  unitCode: text('unit_code'),
  dueAt: timestamp('due_at', { withTimezone: true }),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  surveyScore: integer('survey_score'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [index('ioc_feedback_received_idx').on(t.receivedAt), index('ioc_feedback_dup_idx').on(t.contentHash, t.communeCode)]);
