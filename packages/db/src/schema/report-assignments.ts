import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A period's assignment to one unit (R-25, Đ7.1): created when the period opens; a unit may delegate it to a sub-unit. */
export const reportAssignments = pgTable('report_assignments', {
  id: text('id').primaryKey(),
  periodId: text('period_id').notNull(),
  /** The assigned unit's agency code (a commune sees its own assignments). */
  unitCode: text('unit_code').notNull(),
  /** Set when the unit delegated the work to a sub-unit (Đ7.1.b): that agency may then submit for it. */
  delegatedTo: text('delegated_to'),
  /** The unit's child run, which the domain signals when the submission is approved. */
  runId: text('run_id'),
  overdue: boolean('overdue').notNull().default(false),
  /** Reminder points already sent ('D-3', 'D-1', 'D') and 'escalated'. */
  reminders: jsonb('reminders').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('report_assignments_period_unit_idx').on(t.periodId, t.unitCode), index('report_assignments_unit_idx').on(t.unitCode)]);
