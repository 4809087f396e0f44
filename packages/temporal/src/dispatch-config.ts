/**
 * Dynamic config the embedded Temporal server runs with, for dispatch latency (docs/tuning.md, benchmark 7).
 *
 * Every history shard drains its task queues (transfer: activities, child workflows, signals to other runs;
 * timer; visibility; outbound) through a reader whose polls are rate-limited per shard. The dev server has ONE
 * shard and the default limit is 20 polls/s, so a task written while the reader is throttled waits up to 50 ms
 * before it is dispatched: every activity, child, timer and signal paid that. A cluster spreads the same limit over
 * its shards; docs/deploy.md gives the values for a cluster's dynamic config.
 */
export const QUEUE_POLL_RPS = 1000;

export const DISPATCH_DYNAMIC_CONFIG: readonly string[] = [
  // Eager activity dispatch: the workflow task that schedules a connector call hands it straight to the same
  // worker, skipping one task-queue round trip (sync lookup overhead p50 +149 → +100 ms, docs/tuning.md).
  'system.enableActivityEagerExecution=true',
  ...['transfer', 'timer', 'visibility', 'outbound'].map((queue) => `history.${queue}ProcessorMaxPollRPS=${QUEUE_POLL_RPS}`),
  // The timer queue reads ahead by up to this shift and fires late by as much: with the default 1 s a 10 ms timer
  // (a retry backoff, a short delay node) took 1.1 s p50 (benchmark 7). Values are JSON: a duration is a string.
  'history.timerProcessorMaxTimeShift="10ms"',
];

/** The same as `temporal server start-dev` arguments. */
export const dispatchConfigArgs = (config: readonly string[] = DISPATCH_DYNAMIC_CONFIG): string[] =>
  config.flatMap((value) => ['--dynamic-config-value', value]);
