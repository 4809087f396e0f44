// Steps shared by the interpreter and the foreach batch workflow. Workflow code: deterministic, no I/O.
import {
  ActivityFailure, ApplicationFailure, executeChild, proxyActivities, proxyLocalActivities, sleep, workflowInfo, type ActivityOptions,
} from '@temporalio/workflow';
import { evaluate, evaluateMapping, flowRef, type ExpressionContext, type Plan, type PlanNode } from '@lienthong/flow/runtime';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import { AgencyKey, FlowHashKey, FlowIdKey, FlowVersionKey, TriggerKey } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW, errorJsonOfFailure, failureOfJson, type ForeachOutput, type ItemError, type RunFlowInput, type RunFlowResult } from '@lienthong/temporal/contracts';

/** `flowKey`: the worker's credential store uses a credential only for a flow it is granted to. */
export type ConnectorCallArgs = { input: unknown; credentialId?: string; idempotencyKey: string; nodeId: string; flowKey?: string };
type Activity = (call: ConnectorCallArgs) => Promise<unknown>;

/** A `fail` node: the flow fails with the node's own code and message, never through an onError edge. */
export class FlowFailed extends Error {
  constructor(readonly json: LtErrorJson) { super(json.message.en); }
}

/** The error behind a failed step, as our catalogue JSON (activity and child failures unwrapped). */
export function errorJson(err: unknown): LtErrorJson {
  return err instanceof FlowFailed ? err.json : errorJsonOfFailure(err);
}

export const failureOf = failureOfJson;

/**
 * A connector operation as an activity, with the plan's timeout and retry; the type is "<connector id>@<major>".
 * `local` (short read-only lookups, decided by the compiler): a local activity, run by this worker without a
 * task-queue round trip and recorded as a marker event.
 */
export function callConnector(activity: string, timeout: string | undefined, retry: PlanNode['retry'], call: ConnectorCallArgs, local = false): Promise<unknown> {
  const options: ActivityOptions = { startToCloseTimeout: timeout ?? '30s', retry: retry ?? {} };
  const acts = local ? proxyLocalActivities<Record<string, Activity>>(options) : proxyActivities<Record<string, Activity>>(options);
  const fn = acts[activity];
  if (!fn) throw new LtError('FLOW_RUN_UNKNOWN_ACTIVITY', { activity }, { nodeId: call.nodeId });
  return callOutsideMaintenance(() => fn(call));
}

/**
 * A system in an announced maintenance window: the activity refused at once with CONNECTOR_MAINTENANCE and the
 * window's end; wait on a durable timer until then and call again (once, unless another window follows). Histories
 * without that failure replay unchanged.
 */
export async function callOutsideMaintenance<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const until = maintenanceUntil(err);
      if (until === null) throw err;
      await sleep(Math.max(until - new Date().getTime(), 1000)); // workflow time: replay-safe
    }
  }
}

/** The end of the maintenance window behind an activity failure, or null for any other failure. */
function maintenanceUntil(err: unknown): number | null {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== 'CONNECTOR_MAINTENANCE') return null;
  const params = (cause.details?.[0] as { params?: { until?: unknown } } | undefined)?.params;
  const at = typeof params?.until === 'string' ? Date.parse(params.until) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

/** Starts a pinned subflow as a child run and returns its output. */
export async function runSubflow(o: { ref: { key: string; version: number }; input: unknown; workflowId: string; subflows?: Record<string, Plan>; agency?: string; engine?: number }): Promise<unknown> {
  const ref = flowRef(o.ref.key, o.ref.version);
  const plan = o.subflows?.[ref];
  if (!plan) throw new LtError('FLOW_SUBFLOW_NOT_RESOLVED', { ref });
  const args: RunFlowInput = { plan, input: o.input, trigger: 'subflow', ...(o.subflows ? { subflows: o.subflows } : {}), ...(o.agency ? { agency: o.agency } : {}),
    ...(o.engine ? { engine: o.engine } : {}) };
  const r = await executeChild<(a: RunFlowInput) => Promise<RunFlowResult>>(RUN_FLOW_WORKFLOW, {
    workflowId: o.workflowId, args: [args],
    typedSearchAttributes: [
      { key: FlowIdKey, value: plan.flowKey }, { key: FlowVersionKey, value: String(plan.version) }, { key: FlowHashKey, value: plan.hash },
      { key: TriggerKey, value: 'subflow' }, { key: AgencyKey, value: o.agency ?? '' },
    ],
  });
  return r.output;
}

export type ForeachNode = Extract<PlanNode, { kind: 'foreach' }>;
export const DEFAULT_CONCURRENCY = 10;

export function foreachOutput(results: unknown[], errors: ItemError[]): ForeachOutput {
  const sorted = [...errors].sort((a, b) => a.index - b.index);
  return { results, errors: sorted, succeeded: results.length - sorted.length, failed: sorted.length };
}

/**
 * Runs a foreach body over items[from…], at most `concurrency` at once, writing each result at its
 * index (null and an entry in `errors` when it failed). Stops starting new items once `stop()` says
 * so, lets the started ones finish, and returns where it stopped.
 */
export async function processItems(o: {
  node: ForeachNode; items: unknown[]; ctx: ExpressionContext; runId: string; subflows?: Record<string, Plan>; agency?: string; engine?: number;
  from: number; results: unknown[]; errors: ItemError[]; stop?: () => boolean; onItem?: () => void;
  /** The list's index of items[0] (a batch run that continued as new carries only the items still to do). */
  offset?: number;
}): Promise<number> {
  const { node, items } = o;
  const offset = o.offset ?? 0;
  const end = offset + items.length;
  const body = node.body;
  const runItem = async (index: number): Promise<unknown> => {
    const ctx: ExpressionContext = { ...o.ctx, item: items[index - offset], index };
    if ('transform' in body) return evaluate(body.transform, ctx, node.id);
    if ('call' in body) {
      const input = await evaluateMapping(body.call.input, ctx, node.id);
      return callConnector(node.activity ?? '', node.timeout, node.retry, {
        input, idempotencyKey: `${o.runId}/${node.id}/${index}`, nodeId: node.id, ...(body.call.credentialId ? { credentialId: body.call.credentialId, flowKey: o.ctx.run.flowKey } : {}),
      }); // always an activity, whatever the plan says: see compile (a batch of local activities never grows its history)
    }
    const input = body.input ? await evaluate(body.input, ctx, node.id) : items[index];
    return runSubflow({ ref: body.subflow, input, workflowId: `${o.runId}/${node.id}/${index}`,
      ...(o.subflows ? { subflows: o.subflows } : {}), ...(o.agency ? { agency: o.agency } : {}), ...(o.engine ? { engine: o.engine } : {}) });
  };
  const limit = node.concurrency ?? DEFAULT_CONCURRENCY;
  const inflight = new Set<Promise<void>>();
  let cursor = o.from;
  while (cursor < end || inflight.size > 0) {
    while (cursor < end && inflight.size < limit && !(o.stop?.() ?? false)) {
      const index = cursor++;
      const p: Promise<void> = runItem(index).then(
        (r) => { o.results[index] = r; },
        (err: unknown) => { o.results[index] = null; o.errors.push({ index, error: errorJson(err) }); },
      ).then(() => { inflight.delete(p); o.onItem?.(); });
      inflight.add(p);
    }
    if (inflight.size === 0) break;
    await Promise.race(inflight);
  }
  return cursor;
}

/**
 * The expression context a foreach batch run needs: `$input` and the outputs of the nodes its body
 * refers to, not the whole run's (the batch's input must stay under Temporal's 2 MB payload limit, and the
 * items are often `$input.something` already). A body naming `$nodes` other than as `$nodes.<id>` keeps all.
 */
export function contextForBody(node: ForeachNode, ctx: ExpressionContext): ExpressionContext {
  const body = node.body;
  const exprs = 'transform' in body ? [body.transform] : 'call' in body ? Object.values(body.call.input) : body.input ? [body.input] : [];
  const text = exprs.join('\n');
  const named = [...text.matchAll(/\$nodes\.([A-Za-z_][A-Za-z0-9_-]*)/g)].map((m) => m[1] ?? '');
  const allNodes = (text.match(/\$nodes/g)?.length ?? 0) > named.length;
  const nodes = allNodes ? ctx.nodes : Object.fromEntries(named.flatMap((id) => (ctx.nodes[id] ? [[id, ctx.nodes[id]]] : [])));
  return { ...ctx, input: text.includes('$input') ? ctx.input : null, nodes };
}

/** True when the run should continue as new: the server suggests it, or the history reached the budget. */
export function historyFull(budget: number | undefined): boolean {
  const i = workflowInfo();
  return i.continueAsNewSuggested || (budget !== undefined && i.historyLength >= budget);
}
