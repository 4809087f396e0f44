import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RoleGrant } from './users.js';

export type AccountRequestKind = 'create' | 'change' | 'transfer' | 'retire';
export type AccountRequestState = 'open' | 'approved' | 'refused';

/**
 * Account requests: a unit asks for an account, or for a change, transfer or retirement of one; an admin
 * approves or refuses within 1 working day (a human task of the request's workflow, escalated when late).
 */
export const accountRequests = pgTable('account_requests', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<AccountRequestKind>().notNull(),
  /** The agency the account belongs to (the requesting unit's). */
  agency: text('agency').notNull(),
  username: text('username').notNull(),
  displayName: text('display_name'),
  /** The roles asked for (create, change); empty for a transfer or a retirement. */
  roles: jsonb('roles').$type<RoleGrant[]>().notNull().default([]),
  /** What the account may see (data scope: sectors, reports…), as the unit words it. */
  dataScope: text('data_scope'),
  reason: text('reason').notNull(),
  state: text('state').$type<AccountRequestState>().notNull().default('open'),
  requestedBy: text('requested_by').notNull(),
  /** The human task the admins decide it in, and its workflow. */
  taskId: text('task_id'),
  workflowId: text('workflow_id').notNull(),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('account_requests_agency_state_idx').on(t.agency, t.state, t.createdAt)]);
