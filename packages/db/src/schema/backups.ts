import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type BackupOutcome = 'ok' | 'failed';

/** Scheduled backups: one row per run of the backup schedule, with its file, its verification and what it pruned. */
export const backups = pgTable('backups', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  outcome: text('outcome').$type<BackupOutcome>().notNull(),
  /** The file's name in the backup directory (never a secret: the key stays outside). */
  file: text('file'),
  bytes: bigint('bytes', { mode: 'number' }),
  /** Rows per table in the backup, equal to those restored into the scratch database. */
  counts: jsonb('counts').$type<Record<string, number>>(),
  verifiedAt: timestamp('verified_at', { withTimezone: true, precision: 3 }),
  /** Files removed by the retention rule on this run. */
  pruned: jsonb('pruned').$type<string[]>().notNull().default([]),
  error: text('error'),
}, (t) => [index('backups_started_idx').on(t.startedAt)]);
