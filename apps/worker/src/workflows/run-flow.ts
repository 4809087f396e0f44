import {
  ActivityFailure, ApplicationFailure, condition, defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import { evaluate, evaluateMapping, ERROR_HANDLE, DEFAULT_HANDLE, type ExpressionContext, type PlanNode } from '@lienthong/flow/runtime';
import type { LtErrorJson } from '@lienthong/errors';
import type { NodeProgress, RunFlowInput, RunFlowResult, RunProgress } from './types.js';

export const progressQuery = defineQuery<RunProgress>('progress');
/** Resolves with the respond node's output as soon as it exists (or the final output if the flow ends first). */
export const awaitResponseUpdate = defineUpdate<{ responded: boolean; output: unknown }>('awaitResponse');

type Activity = (call: { input: unknown; credentialId?: string; idempotencyKey: string; nodeId: string }) => Promise<unknown>;

/** The error carried by a failed activity, as our catalogue JSON. */
function errorJson(err: unknown): LtErrorJson {
  const app = err instanceof ActivityFailure ? err.cause : err;
  if (app instanceof ApplicationFailure) {
    const d = app.details?.[0] as LtErrorJson | undefined;
    if (d && typeof d === 'object' && 'code' in d) return d;
    return { code: 'INTERNAL', message: { vi: app.message, en: app.message }, where: {} };
  }
  const e = err as { message?: string };
  return { code: 'INTERNAL', message: { vi: e.message ?? 'lỗi', en: e.message ?? 'error' }, where: {} };
}

class FlowFailed extends Error {
  constructor(readonly json: LtErrorJson) { super(json.message.en); }
}

/**
 * The one interpreter: walks the pinned plan from its trigger. Each node runs once its
 * predecessors allow; the handle it exits by ("ok", "error", a switch case…) picks the next nodes.
 */
export async function runFlow(args: RunFlowInput): Promise<RunFlowResult> {
  const { plan } = args;
  const info = workflowInfo();
  const nodes: Record<string, NodeProgress> = {};
  const outputs: Record<string, { output: unknown }> = {};
  let response: { output: unknown } | undefined;
  let final: { output: unknown } | undefined;
  let finished = false;
  const joins: Record<string, number> = {};

  setHandler(progressQuery, () => ({ flowKey: plan.flowKey, version: plan.version, hash: plan.hash, nodes, responded: response !== undefined, finished }));
  setHandler(awaitResponseUpdate, async () => {
    await condition(() => response !== undefined || finished);
    return response ? { responded: true, output: response.output } : { responded: false, output: final?.output ?? null };
  });

  const ctx = (): ExpressionContext => ({
    input: args.input, nodes: outputs, vars: {},
    run: { id: info.workflowId, flowKey: plan.flowKey, version: plan.version, startedAt: info.startTime.toISOString() },
  });

  async function callActivity(node: Extract<PlanNode, { kind: 'call' }>): Promise<unknown> {
    const options: ActivityOptions = { startToCloseTimeout: node.timeout ?? '30s', retry: node.retry ?? {} };
    const acts = proxyActivities<Record<string, Activity>>(options);
    const activity = acts[node.activity ?? ''];
    if (!activity) throw ApplicationFailure.nonRetryable(`unknown activity ${String(node.activity)}`, 'FLOW_RUN_UNKNOWN_ACTIVITY');
    const input = await evaluateMapping(node.input, ctx(), node.id);
    const idempotencyKey = node.idempotencyKey ? String(await evaluate(node.idempotencyKey, ctx(), node.id)) : `${info.workflowId}/${node.id}`;
    return activity({ input, idempotencyKey, nodeId: node.id, ...(node.credentialId ? { credentialId: node.credentialId } : {}) });
  }

  /** Runs one node; returns the handle it exits by and its output. */
  async function exec(node: PlanNode): Promise<{ handle: string; output: unknown; stop?: boolean }> {
    switch (node.kind) {
      case 'trigger':
        return { handle: DEFAULT_HANDLE, output: args.input };
      case 'call':
        return { handle: DEFAULT_HANDLE, output: await callActivity(node) };
      case 'transform':
        return { handle: DEFAULT_HANDLE, output: await evaluate(node.expression, ctx(), node.id) };
      case 'switch': {
        for (const c of node.cases) if ((await evaluate(c.when, ctx(), node.id)) === true) return { handle: c.handle, output: c.handle };
        return { handle: 'default', output: 'default' };
      }
      case 'parallel':
      case 'join':
        return { handle: DEFAULT_HANDLE, output: null };
      case 'respond': {
        const output = await evaluate(node.output, ctx(), node.id);
        response = { output };
        return { handle: DEFAULT_HANDLE, output };
      }
      case 'end': {
        const output = node.output ? await evaluate(node.output, ctx(), node.id) : (response?.output ?? null);
        final = { output };
        return { handle: DEFAULT_HANDLE, output, stop: true };
      }
      case 'fail':
        throw new FlowFailed({ code: node.code as LtErrorJson['code'], message: node.message, where: { nodeId: node.id } });
      default:
        throw ApplicationFailure.nonRetryable(`node kind ${node.kind} is not supported by this interpreter`, 'FLOW_RUN_UNSUPPORTED_NODE');
    }
  }

  async function visit(id: string): Promise<void> {
    const node = plan.nodes[id];
    if (!node) return;
    if (node.kind === 'join') {
      joins[id] = (joins[id] ?? 0) + 1;
      const need = node.mode === 'all' ? (plan.incoming[id] ?? 1) : node.mode === 'any' ? 1 : (node.n ?? 1);
      if (joins[id] !== need) return; // fires exactly once, on the arrival that satisfies it
    }
    nodes[id] = { status: 'running', startedAt: new Date().toISOString() };
    let result: { handle: string; output: unknown; stop?: boolean };
    try {
      result = await exec(node);
    } catch (err) {
      const json = err instanceof FlowFailed ? err.json : errorJson(err);
      nodes[id] = { ...nodes[id], status: 'failed', finishedAt: new Date().toISOString(), error: json };
      const onError = plan.next[id]?.[ERROR_HANDLE];
      if (!onError || err instanceof FlowFailed) throw err instanceof FlowFailed ? err : failureOf(json, err);
      outputs[id] = { output: { error: json } };
      await Promise.all(onError.map(visit));
      return;
    }
    outputs[id] = { output: result.output };
    nodes[id] = { ...nodes[id], status: 'succeeded', finishedAt: new Date().toISOString(), handle: result.handle };
    if (result.stop) return;
    await Promise.all((plan.next[id]?.[result.handle] ?? []).map(visit));
  }

  try {
    await visit(plan.entry);
  } catch (err) {
    finished = true;
    if (err instanceof FlowFailed) {
      throw ApplicationFailure.create({ type: err.json.code, message: err.json.message.en, nonRetryable: true, details: [err.json] });
    }
    throw err;
  }
  finished = true;
  return { status: 'completed', output: final?.output ?? response?.output ?? null, ...(response ? { response: response.output } : {}), nodes };
}

function failureOf(json: LtErrorJson, cause: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: json.code, message: json.message.en, nonRetryable: true, details: [json], cause: cause instanceof Error ? cause : undefined });
}
