import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** What a connection shows about its transport: which options are set, and the proxy's host (never its user or password). */
export interface ConnectionTransportView {
  proxy: string | null;
  caCert: boolean;
  clientCert: boolean;
  /** Message-level security (absent on connections saved before it existed): the WS-Security mode, and which PEMs are set. */
  wsSecurity?: string | null;
  signingCert?: boolean;
  signatureCaCert?: boolean;
}

/**
 * A named connection to a target system, per connector family (the credential type its connectors need) and
 * environment. Only what may be shown lives here; the endpoint, credential and transport options live encrypted
 * in connection_versions, and the current version is also the `credentials` row of the same id, so flows, grants
 * and publishing treat a connection as the credential they already reference.
 */
export const connections = pgTable('connections', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  family: text('family').notNull(),
  environment: text('environment').notNull(),
  endpoint: text('endpoint').notNull(),
  timeoutMs: integer('timeout_ms'),
  /** Calls per minute to the target system, shared by every worker (rate_windows key `connection:<id>`); null: no limit. */
  ratePerMinute: integer('rate_per_minute'),
  /** Names of the credential's secret fields that are set (values are never stored here). */
  secretFields: jsonb('secret_fields').$type<string[]>().notNull().default([]),
  transport: jsonb('transport').$type<ConnectionTransportView>().notNull(),
  version: integer('version').notNull().default(1),
  createdBy: text('created_by'),
  updatedBy: text('updated_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
