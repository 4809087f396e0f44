import type { Plan, PlanNode, ExpressionContext } from '@lienthong/flow/runtime';
import type { LtErrorJson } from '@lienthong/errors';

export interface RunFlowInput {
  plan: Plan;
  input: unknown;
  trigger: string;
  agency?: string;
  /** Plans of the subflows this run may start, by "key@version", resolved before the run starts (workflow code does no I/O). */
  subflows?: Record<string, Plan>;
  /** Continue as new once the history has this many events, even before the server suggests it (tests, long waits). */
  historyBudget?: number;
  /** Where a run that continued as new picks up. */
  resume?: RunState;
  /** The interpreter behaviour the run was started for (INTERPRETER_ENGINE in @lienthong/temporal/keys); absent = 1. */
  engine?: number;
}

export type NodeStatus = 'running' | 'succeeded' | 'failed' | 'waiting' | 'skipped' | 'compensated';

export interface NodeProgress {
  status: NodeStatus;
  startedAt?: string;
  finishedAt?: string;
  handle?: string;
  error?: LtErrorJson;
  /** Foreach: items done so far and in all. */
  items?: { done: number; total: number; failed: number };
  /** Compensation of a call node: how it went. */
  compensation?: 'succeeded' | 'failed';
}

/** Everything a run needs to go on after continue-as-new; only taken when no node is running. */
export interface RunState {
  pending: string[];
  outputs: Record<string, { output: unknown }>;
  nodes: Record<string, NodeProgress>;
  arrivals: Record<string, number>;
  fired: string[];
  compensations: string[];
  /** `pending`: the answer says the run goes on (a respond node with `pending`). */
  response?: { output: unknown; pending?: boolean };
  final?: { output: unknown };
  signals: Record<string, unknown[]>;
  /** How many times this run has continued as new. */
  generation: number;
  /** When the first run of the chain started ($run.startedAt stays the same across continue-as-new). */
  startedAt?: string;
}

export interface RunProgress {
  flowKey: string;
  version: number;
  hash: string;
  nodes: Record<string, NodeProgress>;
  responded: boolean;
  finished: boolean;
  /** Signals the run is waiting for now. */
  waitingFor: string[];
  generation: number;
}

export interface RunFlowResult {
  status: 'completed';
  output: unknown;
  response?: unknown;
  nodes: Record<string, NodeProgress>;
}

export interface ItemError {
  index: number;
  error: LtErrorJson;
}

/** A foreach node's output: one result per item (null where it failed) and the failures. */
export interface ForeachOutput {
  results: unknown[];
  errors: ItemError[];
  succeeded: number;
  failed: number;
}

/** Input of the batch workflow a large foreach runs in; continues as new with the cursor moved on. */
export interface RunForeachInput {
  node: Extract<PlanNode, { kind: 'foreach' }>;
  items: unknown[];
  ctx: ExpressionContext;
  /** The run the foreach belongs to: idempotency keys and child ids derive from it. */
  runId: string;
  subflows?: Record<string, Plan>;
  agency?: string;
  cursor: number;
  /** The list's index of items[0]: after continue-as-new only the items from the cursor on are carried. */
  offset?: number;
  /** As RunFlowInput.engine: passed on by the run that started the batch. */
  engine?: number;
  results: unknown[];
  errors: ItemError[];
  historyBudget?: number;
}
