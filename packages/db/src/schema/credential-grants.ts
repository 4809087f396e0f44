import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { credentials } from './credentials.js';

/**
 * Which flows may use a credential (closed by default: a credential without a row here serves no flow).
 * `flowKey` is a flow's key or `*` (every flow: the demo credentials seeded for the simulators). A designer's
 * test run publishes under `<key>--thu` and gets the grants of `<key>`, never more.
 */
export const credentialGrants = pgTable('credential_grants', {
  credentialId: text('credential_id').notNull().references(() => credentials.id, { onDelete: 'cascade' }),
  flowKey: text('flow_key').notNull(),
  grantedBy: text('granted_by'),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.credentialId, t.flowKey] })]);
