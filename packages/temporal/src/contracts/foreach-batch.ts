import type { ExpressionContext, PlanNode } from '@lienthong/flow/runtime';
import type { LtErrorJson } from '@lienthong/errors';
import type { ItemError } from './run-flow-types.js';

// A large foreach under interpreter engine 4: its items and results live in our database (batches, batch_items),
// and a few activities each run a chunk of items, so the run's history holds a handful of events whatever the list.

export const FOREACH_ACTIVITY_NAMES = ['foreachStage', 'foreachChunk', 'foreachCollect'] as const;

export interface ForeachStageInput {
  batchId: string;
  runId: string;
  nodeId: string;
  total: number;
  /** The body's expression context ($input and the node outputs it names). */
  context: ExpressionContext;
  /** The list's index of items[0]: a large list is staged in pages. */
  from: number;
  items: unknown[];
}

export interface ForeachChunkInput {
  batchId: string;
  runId: string;
  node: Extract<PlanNode, { kind: 'foreach' }>;
  /** Items [from, to) of the batch; the ones already done (an earlier attempt) are skipped. */
  from: number;
  to: number;
}

export interface ForeachChunkResult {
  succeeded: number;
  failed: number;
  /** Items this attempt found already done (written by an attempt that died). */
  skipped: number;
}

/** A large foreach node's output: counts, the first failures, the results when small, and where to page them. */
export interface BatchForeachOutput {
  total: number;
  succeeded: number;
  failed: number;
  /** Every item's output (null where it failed) when their JSON is at most FOREACH_INLINE_BYTES; otherwise absent. */
  results?: unknown[];
  /** The first FOREACH_MAX_ERRORS failures, by index. */
  errors: ItemError[];
  /** The stored batch: GET /api/v1/runs/{runId}/items/{nodeId} pages through every outcome. */
  batch: { id: string; nodeId: string; resultsInline: boolean };
}

export interface ForeachActivities {
  foreachStage(input: ForeachStageInput): Promise<void>;
  foreachChunk(input: ForeachChunkInput): Promise<ForeachChunkResult>;
  foreachCollect(input: { batchId: string; nodeId: string }): Promise<BatchForeachOutput>;
}

/** Results inline in the node's output up to this (Temporal warns at a 512 KiB payload, refuses 2 MB). */
export const FOREACH_INLINE_BYTES = 256 * 1024;
export const FOREACH_MAX_ERRORS = 100;
/** Items in flight at once when the node says nothing (as for an inline foreach). */
export const FOREACH_DEFAULT_CONCURRENCY = 10;

/** What the store behind the activities does (the platform's database: createBatchStore in @lienthong/db). */
export interface ForeachBatchStore {
  stage(b: Omit<ForeachStageInput, 'batchId'> & { id: string }): Promise<void>;
  context<T>(batchId: string): Promise<T>;
  pending(batchId: string, from: number, to: number): Promise<{ index: number; item: unknown }[]>;
  finish(batchId: string, outcomes: ({ index: number; ok: true; output: unknown } | { index: number; ok: false; error: LtErrorJson })[]): Promise<number>;
  summary(batchId: string, o: { inlineBytes: number; maxErrors: number }): Promise<{ total: number; succeeded: number; failed: number; results?: unknown[]; errors: { index: number; error: unknown }[] }>;
}
