import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** draft → submitted → returned → resubmitted; recalled before approval; approved; corrected after approval. */
export type ReportSubmissionState = 'draft' | 'submitted' | 'returned' | 'resubmitted' | 'recalled' | 'approved' | 'corrected';

export type ReportValues = Record<string, number | string | null>;

/** One unit's report for a period (one per assignment), with the reviewer's comments per indicator. */
export const reportSubmissions = pgTable('report_submissions', {
  id: text('id').primaryKey(),
  assignmentId: text('assignment_id').notNull().unique(),
  state: text('state').$type<ReportSubmissionState>().notNull().default('draft'),
  values: jsonb('values').$type<ReportValues>().notNull().default({}),
  /** Units the values were given in, by indicator (checked against the template and the unit catalogue). */
  units: jsonb('units').$type<Record<string, string>>().notNull().default({}),
  /** Per-indicator comments of the last return (validation or the reviewer). */
  comments: jsonb('comments').$type<Record<string, { vi: string; en: string }>>().notNull().default({}),
  /** Bumped by every transition: the lineage names the revision it read. */
  revision: integer('revision').notNull().default(0),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  submittedBy: text('submitted_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  approvedBy: text('approved_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
