import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { I18nText } from '@lienthong/schemas';

export type SystemStatus = 'pending' | 'active' | 'suspended' | 'cancelled';

/** A connected system (HTTT) registered under its agency; it calls the platform with its access keys. */
export const connectedSystems = pgTable('connected_systems', {
  code: text('code').primaryKey(),
  agencyCode: text('agency_code').notNull(),
  name: jsonb('name').$type<I18nText>().notNull(),
  contact: jsonb('contact').$type<{ name?: string; email?: string; phone?: string }>().notNull().default({}),
  /** Flow keys it may start ("*" = all). */
  allowedFlows: jsonb('allowed_flows').$type<string[]>().notNull().default([]),
  /** Operations it may call, e.g. runs.start, runs.read, runs.cancel, auth.session, auth.verify. */
  allowedOperations: jsonb('allowed_operations').$type<string[]>().notNull().default([]),
  /** Destination services (system codes) it may ask session keys for ("*" = all). */
  allowedDestinations: jsonb('allowed_destinations').$type<string[]>().notNull().default([]),
  /** IPs or CIDR blocks; empty = any address. */
  ipAllowList: jsonb('ip_allow_list').$type<string[]>().notNull().default([]),
  rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
  /** Requests of this system in flight at once (0 = no cap); more get 429 + Retry-After. */
  maxConcurrent: integer('max_concurrent').notNull().default(0),
  /** Where run-end callbacks go, signed with `callbackSecret` (AES-256-GCM encrypted, like secret keys). */
  callbackUrl: text('callback_url'),
  callbackSecret: text('callback_secret'),
  status: text('status').$type<SystemStatus>().notNull().default('pending'),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
