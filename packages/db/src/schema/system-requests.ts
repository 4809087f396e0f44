import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** connecting, suspending and cancelling a system each need a recorded request and an approval. */
export const systemRequests = pgTable('system_requests', {
  id: text('id').primaryKey(),
  systemCode: text('system_code').notNull(),
  kind: text('kind').$type<'connect' | 'suspend' | 'cancel' | 'resume'>().notNull(),
  reason: text('reason').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status').$type<'pending' | 'approved' | 'rejected'>().notNull().default('pending'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
});
