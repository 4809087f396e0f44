import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'open' | 'recovering' | 'resolved';
export interface IncidentAnnouncement { channel: 'webhook' | 'email' | 'console'; target: string; ok: boolean; at: string; error?: string }

/**
 * Incidents: opened from an alert or by hand; their steps are rows of incident_steps. `agencies` are the
 * agencies whose connected systems are affected (agency scoping reads it); serious (high, critical) incidents touching
 * two or more agencies need the regulation's report. Titles and notes are what operators write: no personal data.
 */
export const incidents = pgTable('incidents', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  severity: text('severity').$type<IncidentSeverity>().notNull(),
  status: text('status').$type<IncidentStatus>().notNull().default('open'),
  /** The alert it was opened from (null: opened by hand). */
  alertId: bigint('alert_id', { mode: 'number' }),
  affectedFlows: jsonb('affected_flows').$type<string[]>().notNull().default([]),
  /** Connected systems (codes): the recovery announcement goes to their webhooks and contacts. */
  affectedSystems: jsonb('affected_systems').$type<string[]>().notNull().default([]),
  agencies: jsonb('agencies').$type<string[]>().notNull().default([]),
  openedBy: text('opened_by').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  /** The recovery time announced to the affected systems. */
  recoveryEta: timestamp('recovery_eta', { withTimezone: true, precision: 3 }),
  announcements: jsonb('announcements').$type<IncidentAnnouncement[]>().notNull().default([]),
  resolvedBy: text('resolved_by'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('incidents_opened_at_idx').on(t.openedAt),
  index('incidents_status_idx').on(t.status),
]);
