import { bigserial, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/** R-17's steps, in order; `report` applies to serious multi-agency incidents only. */
export const INCIDENT_STEPS = ['isolate', 'backup', 'onsite_log', 'escalate', 'announce_recovery', 'report'] as const;
export type IncidentStepKey = (typeof INCIDENT_STEPS)[number];
export type IncidentStepState = 'pending' | 'done' | 'skipped';

/** One checklist step of an incident: who did it and when, a note, and a link (the backup taken before the fix). */
export const incidentSteps = pgTable('incident_steps', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  incidentId: text('incident_id').notNull().references(() => incidents.id),
  step: text('step').$type<IncidentStepKey>().notNull(),
  position: integer('position').notNull(),
  state: text('state').$type<IncidentStepState>().notNull().default('pending'),
  doneBy: text('done_by'),
  doneAt: timestamp('done_at', { withTimezone: true, precision: 3 }),
  note: text('note'),
  link: text('link'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [uniqueIndex('incident_steps_incident_step_idx').on(t.incidentId, t.step)]);
