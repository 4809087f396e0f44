import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** States of an exchange (DOMAIN §4.1 plus the extra states). */
export type ExchangeStatus =
  | 'connected' | 'space_allocated' | 'uploaded' | 'notified' | 'destination_connected' | 'ready' | 'delivered' | 'content_purged'
  | 'rejected' | 'expired' | 'refused_by_destination' | 'failed';

/** The exchange policy the source uploads with the content (DOMAIN §4.1 [ASM]). */
export interface ExchangePolicy {
  allowedRecipients: string[];
  expiresAt: string | null;
  transformAllowed: boolean;
}

/**
 * One data exchange between two connected systems (REG 001 Đ11): metadata only, kept for ever
 * (who, what, when, sizes, hashes, statuses; ). The content lives encrypted in
 * exchange_contents under a key in exchange_keys, both deleted once the exchange ends.
 */
export const exchanges = pgTable('exchanges', {
  id: text('id').primaryKey(),
  sourceSystem: text('source_system').notNull(),
  sourceAgency: text('source_agency').notNull(),
  destinationSystem: text('destination_system').notNull(),
  destinationAgency: text('destination_agency'),
  subject: text('subject').notNull(),
  priority: text('priority').$type<'urgent' | 'normal'>().notNull(),
  dataType: text('data_type').notNull(),
  /** The form the destination receives: json, edxml, xml or binary (pass-through). */
  protocol: text('protocol').notNull(),
  declaredSize: bigint('declared_size', { mode: 'number' }).notNull(),
  deadline: timestamp('deadline', { withTimezone: true }),
  status: text('status').$type<ExchangeStatus>().notNull(),
  /** Why it ended badly: a rejection code, the destination's reason code, EXCHANGE_EXPIRED… */
  code: text('code'),
  reason: text('reason'),
  policy: jsonb('policy').$type<ExchangePolicy>(),
  contentType: text('content_type'),
  size: bigint('size', { mode: 'number' }),
  sha256: text('sha256'),
  deliveredContentType: text('delivered_content_type'),
  deliveredSize: bigint('delivered_size', { mode: 'number' }),
  deliveredSha256: text('delivered_sha256'),
  transformed: boolean('transformed').notNull().default(false),
  workflowId: text('workflow_id'),
  webhookAttempts: bigint('webhook_attempts', { mode: 'number' }).notNull().default(0),
  webhookDeliveredAt: timestamp('webhook_delivered_at', { withTimezone: true }),
  webhookLastError: text('webhook_last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }),
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  purgedAt: timestamp('purged_at', { withTimezone: true }),
}, (t) => [
  index('exchanges_destination_idx').on(t.destinationSystem, t.status),
  index('exchanges_source_idx').on(t.sourceSystem, t.createdAt),
  index('exchanges_created_idx').on(t.createdAt),
]);
