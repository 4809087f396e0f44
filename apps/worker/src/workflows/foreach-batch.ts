// A large foreach under interpreter engine 4 (workflow code: deterministic, no I/O). The items go to our database
// in pages, chunk activities run them there (bounded concurrency, heartbeats, resuming after a worker dies), and the
// node's output comes back as counts, the first failures and, when small, the results: a few events per chunk
// instead of three per item, and no payload that grows with the list.
import { proxyActivities } from '@temporalio/workflow';
import type { ExpressionContext } from '@lienthong/flow/runtime';
import type { BatchForeachOutput, ForeachActivities } from '@lienthong/temporal/contracts';
import { DEFAULT_CONCURRENCY, callOutsideMaintenance, type ForeachNode } from './steps.js';

/** Staged items per activity call, by their JSON size (Temporal warns at a 512 KiB payload). */
const STAGE_PAGE_BYTES = 256 * 1024;
/** A chunk holds this many times the node's concurrency, so its tail (fewer than `concurrency` in flight) is short. */
const CHUNK_ROUNDS = 20;
/** At most this many chunks, whatever the list: the history stays at a few hundred events. */
const MAX_CHUNKS = 200;

const { foreachStage, foreachCollect } = proxyActivities<ForeachActivities>({
  startToCloseTimeout: '5m', retry: { initialInterval: '1s', maximumInterval: '30s' },
});
// A chunk may run for long; its heartbeats show it alive, and a retry (the worker died) resumes from the database.
const { foreachChunk } = proxyActivities<ForeachActivities>({
  startToCloseTimeout: '6h', heartbeatTimeout: '15s', retry: { initialInterval: '1s', maximumInterval: '30s' },
});

export function chunkSize(total: number, concurrency: number): number {
  return Math.max(concurrency * CHUNK_ROUNDS, Math.ceil(total / MAX_CHUNKS));
}

export async function foreachInBatch(o: {
  node: ForeachNode; items: unknown[]; ctx: ExpressionContext; runId: string; onProgress: (done: number, failed: number) => void;
}): Promise<BatchForeachOutput> {
  const { node, items, runId } = o;
  const batchId = `${runId}/${node.id}`;
  let from = 0;
  do { // at least one call: it writes the batch's header and context
    let bytes = 0;
    let to = from;
    while (to < items.length && (to === from || bytes < STAGE_PAGE_BYTES)) bytes += JSON.stringify(items[to++] ?? null).length;
    await foreachStage({ batchId, runId, nodeId: node.id, total: items.length, context: o.ctx, from, items: items.slice(from, to) });
    from = to;
  } while (from < items.length);

  const size = chunkSize(items.length, node.concurrency ?? DEFAULT_CONCURRENCY);
  let done = 0;
  let failed = 0;
  for (let start = 0; start < items.length; start += size) {
    // A chunk that met a maintenance window waits on a timer until it ends, then runs again (skipping what is done).
    const r = await callOutsideMaintenance(() => foreachChunk({ batchId, runId, node, from: start, to: Math.min(items.length, start + size) }));
    done += r.succeeded + r.failed + r.skipped;
    failed += r.failed;
    o.onProgress(done, failed);
  }
  return foreachCollect({ batchId, nodeId: node.id });
}
