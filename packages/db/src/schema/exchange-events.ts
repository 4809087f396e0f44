import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ExchangeStatus } from './exchange-requests.js';

/** Every status an exchange entered, in order, with who moved it there; never its content. */
export const exchangeEvents = pgTable('exchange_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  exchangeId: text('exchange_id').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  status: text('status').$type<ExchangeStatus>().notNull(),
  actor: text('actor').notNull(),
  code: text('code'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('exchange_events_exchange_idx').on(t.exchangeId, t.id)]);
