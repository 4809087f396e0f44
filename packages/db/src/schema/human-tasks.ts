import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type HumanTaskState = 'open' | 'decided' | 'expired' | 'cancelled';

/**
 * Human tasks (the flow's `task` node): one row per task a run created, with who may take it, who holds it and how
 * it ended. `context` is the part of the run its node lets the officer see; `decision` the form data a person sent.
 * Every action on a task is a row of human_task_events.
 */
export const humanTasks = pgTable('human_tasks', {
  id: text('id').primaryKey(),
  runId: text('run_id').notNull(),
  flowKey: text('flow_key').notNull(),
  version: integer('version').notNull(),
  nodeId: text('node_id').notNull(),
  /** The agency whose officers decide it (null: platform-wide officers only). */
  agency: text('agency'),
  title: jsonb('title').$type<{ vi: string; en: string }>(),
  /** The role that may take it (with `agency`), or the one user it is for. */
  assigneeRole: text('assignee_role'),
  assigneeUser: text('assignee_user'),
  /** The username of whoever claimed it; only they may decide while it is claimed. */
  claimedBy: text('claimed_by'),
  state: text('state').$type<HumanTaskState>().notNull().default('open'),
  form: jsonb('form').$type<Record<string, unknown>>().notNull(),
  context: jsonb('context'),
  decision: jsonb('decision'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
  dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true, precision: 3 }),
  /** Escalated to several (an escalation list): the other targets' agencies; their officers see it and may decide it too. */
  alsoAgencies: text('also_agencies').array(),
  /** When the run's retention ended (R-02): context, decision and comments' text were destroyed then; the rest stays. */
  dataDestroyedAt: timestamp('data_destroyed_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('human_tasks_agency_state_idx').on(t.agency, t.state, t.createdAt),
  index('human_tasks_run_idx').on(t.runId),
]);
