import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Signatures of signed requests seen within the acceptance window, shared by every API process: the same signed
 * request offered twice, to any process, is a replay. UNLOGGED (migration 0010): losing it in a crash only reopens
 * the window for requests already inside it, and it is written on every signed request.
 */
export const signatureReplays = pgTable('signature_replays', {
  signature: text('signature').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('signature_replays_expires_idx').on(t.expiresAt)]);
