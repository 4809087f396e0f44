import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export type ReportPeriodState = 'collecting' | 'aggregated' | 'closed';

/** A data period of a regime (kỳ báo cáo, DOMAIN §6.7): its data window and deadline; one per regime and label. */
export const reportPeriods = pgTable('report_periods', {
  id: text('id').primaryKey(),
  regimeCode: text('regime_code').notNull(),
  label: text('label').notNull(),
  dataFrom: text('data_from').notNull(),
  dataTo: text('data_to').notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  state: text('state').$type<ReportPeriodState>().notNull().default('collecting'),
  /** The run of the cycle flow that opened it. */
  runId: text('run_id'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('report_periods_regime_label_idx').on(t.regimeCode, t.label)]);
