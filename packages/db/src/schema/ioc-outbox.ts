import { bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Indicator observations on their way to the IOC (DOMAIN §7.d, R-31; docs/decisions/0014-ioc-indicator-outbox.md):
 * written first, revision-stamped per series, then delivered in `seq` order; a row stays `pending` while the IOC is
 * down and is never dropped or reordered.
 */
export const iocOutbox = pgTable('ioc_outbox', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  /** The step that queued it and the observation's index there: queuing again (a retried step) adds nothing. */
  enqueueKey: text('enqueue_key').notNull(),
  indicatorCode: text('indicator_code').notNull(),
  areaCode: text('area_code').notNull(),
  period: text('period').notNull(),
  value: doublePrecision('value').notNull(),
  unit: text('unit').notNull(),
  /** 1, 2, … per (indicator, area, period): a correction is a new revision. */
  revision: integer('revision').notNull(),
  /** The rest of the observation (observedAt, sourceSystem). */
  extra: jsonb('extra').$type<Record<string, unknown>>().notNull(),
  /** pending | delivered | rejected */
  state: text('state').notNull(),
  iocId: text('ioc_id'),
  rejectCode: text('reject_code'),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('ioc_outbox_enqueue_key_idx').on(t.enqueueKey),
  uniqueIndex('ioc_outbox_series_revision_idx').on(t.indicatorCode, t.areaCode, t.period, t.revision),
  index('ioc_outbox_state_idx').on(t.state, t.seq),
]);

