import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { durationMs } from '@lienthong/flow';
import { evaluateMapping, type ExpressionContext } from '@lienthong/flow/runtime';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import type { ConnectorActivity } from '@lienthong/connectors/activities';
import {
  FOREACH_DEFAULT_CONCURRENCY, FOREACH_INLINE_BYTES, FOREACH_MAX_ERRORS, errorJsonOfFailure,
  type ForeachActivities, type ForeachBatchStore, type ForeachChunkInput, type ForeachChunkResult, type ItemError,
} from '@lienthong/temporal/contracts';
import type { RetryPolicy } from '@lienthong/schemas';
import { toFailure } from './failures.js';

/** The end of the maintenance window that refused a call (CONNECTOR_MAINTENANCE, withMaintenanceWindows), or null. */
function maintenanceEnd(err: unknown): { system: string; until: string } | null {
  if (!(err instanceof ApplicationFailure) || err.type !== 'CONNECTOR_MAINTENANCE') return null;
  const params = (err.details?.[0] as { params?: { system?: unknown; until?: unknown } } | undefined)?.params;
  return typeof params?.until === 'string' ? { system: String(params.system ?? ''), until: params.until } : null;
}

type Outcome = { index: number; ok: true; output: unknown } | { index: number; ok: false; error: LtErrorJson };

const FLUSH_EVERY = 100;
const FLUSH_MS = 250;
const HEARTBEAT_MS = 3_000;

/** One connector call with the node's timeout and retry policy, as Temporal would retry the per-item activity. */
async function callWithRetry(fn: ConnectorActivity, call: Parameters<ConnectorActivity>[0], timeoutMs: number, retry: RetryPolicy, stopped: () => boolean): Promise<unknown> {
  const initial = durationMs(retry.initialInterval ?? '1s');
  const coefficient = retry.backoffCoefficient ?? 2;
  const max = retry.maximumInterval ? durationMs(retry.maximumInterval) : initial * 100;
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(toFailure(new LtError('CONNECTOR_TIMEOUT', { system: call.nodeId ?? 'connector', ms: timeoutMs }))), timeoutMs);
      });
      return await Promise.race([fn(call), timeout]);
    } catch (err) {
      const last = (retry.maximumAttempts !== undefined && attempt >= retry.maximumAttempts) || (err instanceof ApplicationFailure && err.nonRetryable) || stopped();
      if (last) throw err;
      const asked = err instanceof ApplicationFailure ? err.nextRetryDelay : undefined;
      const askedMs = typeof asked === 'number' ? asked : typeof asked === 'string' ? durationMs(asked) : Number.NaN;
      const delay = Number.isFinite(askedMs) ? askedMs : Math.min(max, initial * coefficient ** (attempt - 1));
      await new Promise((r) => setTimeout(r, delay));
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The activities of a large foreach (engine 4): stage its items, run a chunk of them, collect the outcome. A chunk
 * runs its items with the node's concurrency, writes outcomes in small groups (each write a checkpoint: a retried
 * attempt skips what is written) and heartbeats; an item in flight when the worker died runs again with the same
 * idempotency key, so a connector that needs exactly-once keeps it.
 */
export function foreachActivities(store: ForeachBatchStore, connectors: Record<string, ConnectorActivity>): Record<string, (arg: never) => Promise<unknown>> {
  async function foreachChunk(a: ForeachChunkInput): Promise<ForeachChunkResult> {
    const { node } = a;
    if (!('call' in node.body)) throw toFailure(new LtError('FLOW_RUN_UNSUPPORTED_NODE', { kind: 'foreach' }, { nodeId: node.id }));
    const body = node.body.call;
    const fn = connectors[node.activity ?? ''];
    if (!fn) throw toFailure(new LtError('FLOW_RUN_UNKNOWN_ACTIVITY', { activity: node.activity ?? '' }, { nodeId: node.id }));
    const activity = Context.current();
    const context = await store.context<ExpressionContext>(a.batchId);
    const todo = await store.pending(a.batchId, a.from, a.to);
    const result: ForeachChunkResult = { succeeded: 0, failed: 0, skipped: a.to - a.from - todo.length };
    const timeoutMs = durationMs(node.timeout ?? '30s');
    let cancelled = false;
    activity.cancelled.catch(() => { cancelled = true; });
    // An item refused by a maintenance window stops the chunk: what is done is written, the rest is not started,
    // and the batch workflow waits on a timer until the window's end and runs the chunk again (it skips what is done).
    let closed: { system: string; until: string } | null = null;

    let buffer: Outcome[] = [];
    let writing = Promise.resolve();
    const flush = () => {
      const rows = buffer;
      buffer = [];
      writing = writing.then(async () => { await store.finish(a.batchId, rows); activity.heartbeat({ done: result.succeeded + result.failed }); });
      return writing;
    };
    const flusher = setInterval(() => { if (buffer.length > 0) void flush().catch(() => undefined); }, FLUSH_MS);
    const beat = setInterval(() => activity.heartbeat({ done: result.succeeded + result.failed }), HEARTBEAT_MS);

    const runOne = async ({ index, item }: { index: number; item: unknown }): Promise<void> => {
      let outcome: Outcome;
      try {
        const input = await evaluateMapping(body.input, { ...context, item, index }, node.id);
        const output = await callWithRetry(fn, { input, idempotencyKey: `${a.runId}/${node.id}/${index}`, nodeId: node.id,
          ...(body.credentialId ? { credentialId: body.credentialId, flowKey: context.run.flowKey } : {}) } as Parameters<ConnectorActivity>[0],
        timeoutMs, node.retry ?? {}, () => cancelled);
        outcome = { index, ok: true, output };
      } catch (err) {
        if (cancelled) return; // cut short by the cancellation: the next attempt runs it again
        const window = maintenanceEnd(err);
        if (window) { // nothing was sent: the item runs when the chunk runs again after the window
          if (!closed || window.until > closed.until) closed = window;
          return;
        }
        outcome = { index, ok: false, error: errorJsonOfFailure(err) };
      }
      if (outcome.ok) result.succeeded += 1; else result.failed += 1;
      buffer.push(outcome);
      if (buffer.length >= FLUSH_EVERY) void flush().catch(() => undefined); // a failed write fails the last flush below, and the chunk is retried
    };

    let next = 0;
    const lane = async () => { while (!cancelled && !closed && next < todo.length) await runOne(todo[next++] as { index: number; item: unknown }); };
    try {
      await Promise.all(Array.from({ length: Math.min(todo.length, node.concurrency ?? FOREACH_DEFAULT_CONCURRENCY) }, lane));
      await flush();
    } finally {
      clearInterval(flusher);
      clearInterval(beat);
    }
    if (cancelled) throw new CancelledFailure('foreach chunk cancelled; the next attempt resumes from the stored outcomes');
    if (closed) throw toFailure(new LtError('CONNECTOR_MAINTENANCE', closed));
    return result;
  }

  const impl: ForeachActivities = {
    foreachStage: ({ batchId, ...rest }) => store.stage({ id: batchId, ...rest }),
    foreachChunk,
    async foreachCollect({ batchId, nodeId }) {
      const s = await store.summary(batchId, { inlineBytes: FOREACH_INLINE_BYTES, maxErrors: FOREACH_MAX_ERRORS });
      return { total: s.total, succeeded: s.succeeded, failed: s.failed, errors: s.errors as ItemError[], ...(s.results ? { results: s.results } : {}),
        batch: { id: batchId, nodeId, resultsInline: s.results !== undefined } };
    },
  };
  return Object.fromEntries(Object.entries(impl).map(([name, f]) => [name, async (arg: never) => {
    try {
      return await (f as (x: unknown) => Promise<unknown>)(arg);
    } catch (err) {
      throw toFailure(err);
    }
  }]));
}
