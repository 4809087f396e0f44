import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Our archive of a finished run, beside its metadata row in `runs`: what the run carried (its output, answer,
 * step data and business keys in clear), encrypted under the run's own data key (run_keys), and keyed hashes
 * of its business keys so it stays findable after that data is destroyed at the end of its flow's retention.
 */
export const runRecords = pgTable('run_records', {
  runId: text('run_id').primaryKey(),
  /** The pinned flow version's retention (settings.retentionDays); null: kept until removed. */
  retentionDays: integer('retention_days'),
  /** finished_at + retention; the sweep destroys the data key after it. */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  /** HMAC-SHA-256 (key derived from the master key) of each "name=value" business key, hex. */
  businessKeyHashes: jsonb('business_key_hashes').$type<string[]>().notNull().default([]),
  /** base64(iv | tag | AES-256-GCM(run data key, JSON)); null once the retention sweep destroyed it. */
  personal: text('personal'),
  archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
  sweptAt: timestamp('swept_at', { withTimezone: true }),
}, (t) => [index('run_records_expires_idx').on(t.expiresAt)]);
