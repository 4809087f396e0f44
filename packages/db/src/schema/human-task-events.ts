import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type HumanTaskAction = 'created' | 'claimed' | 'unclaimed' | 'delegated' | 'commented' | 'decided' | 'reminded' | 'escalated' | 'expired' | 'cancelled';

/** Every action on a human task, in order: who ("user:<name>" or "platform:tasks"), when, what (a comment's text, a delegate's name). */
export const humanTaskEvents = pgTable('human_task_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  taskId: text('task_id').notNull(),
  runId: text('run_id').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  action: text('action').$type<HumanTaskAction>().notNull(),
  actor: text('actor').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [
  index('human_task_events_task_idx').on(t.taskId, t.id),
  index('human_task_events_run_idx').on(t.runId, t.id),
]);
