import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { connections } from './connections.js';

/**
 * Every version of a connection's secret part (endpoint, credential, transport options), AES-256-GCM encrypted under
 * the master key. A rotation adds a version; a step that started before it keeps the version current when it was
 * scheduled, for all its retries. Superseded versions are pruned after a grace period.
 */
export const connectionVersions = pgTable('connection_versions', {
  connectionId: text('connection_id').notNull().references(() => connections.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** base64(iv ‖ tag ‖ ciphertext) */
  secret: text('secret').notNull(),
  keyId: text('key_id').notNull(),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  createdBy: text('created_by'),
}, (t) => [primaryKey({ columns: [t.connectionId, t.version] })]);
