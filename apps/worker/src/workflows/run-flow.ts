import {
  CancellationScope, CancelledFailure, condition, continueAsNew, executeChild, isCancellation,
  setHandler, sleep, workflowInfo,
} from '@temporalio/workflow';
import { evaluate, evaluateMapping, ERROR_HANDLE, DEFAULT_HANDLE, type ExpressionContext, type PlanNode } from '@lienthong/flow/runtime';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import {
  DEFAULT_CONCURRENCY, FlowFailed, callConnector, contextForBody, errorJson, failureOf, foreachOutput, historyFull, processItems, runSubflow,
} from './steps.js';
import { runTask, taskDecisions } from './task-step.js';
import { foreachInBatch } from './foreach-batch.js';
import {
  RUN_FOREACH_WORKFLOW, awaitResponseUpdate, foreachProgressQuery, progressQuery, waitSignal,
  type BatchForeachOutput, type ForeachOutput, type ItemError, type RunFlowInput, type RunFlowResult, type RunForeachInput, type RunState,
} from '@lienthong/temporal/contracts';

/** A foreach over more items than this runs in its own batch workflow, which continues as new as it goes. */
export const INLINE_ITEMS = 100;

interface Exit { handle: string; output: unknown; stop?: boolean }
type Settled = { seq: number; id: string } & ({ ok: true; exit: Exit } | { ok: false; err: unknown });
interface Token { seq: number; id: string; scope: CancellationScope; promise: Promise<Settled> }

const now = (): string => new Date().toISOString(); // workflow time: deterministic on replay

/**
 * The one interpreter: walks the pinned plan from its trigger. A node runs when an edge brings the
 * walk to it (a join when enough of its branches arrived); the handle it exits by ("ok", "error", a
 * switch case, "timeout"…) picks the next nodes. Nodes run concurrently, each in its own
 * cancellation scope. When nothing is running and the history is long, the run continues as new
 * with its state; when the flow fails, completed calls are compensated in reverse order.
 */
export async function runFlow(args: RunFlowInput): Promise<RunFlowResult> {
  const { plan } = args;
  const info = workflowInfo();
  const runId = info.workflowId;
  const s: RunState = args.resume ?? {
    pending: [plan.entry], outputs: {}, nodes: {}, arrivals: {}, fired: [], compensations: [], signals: {}, generation: 0,
  };
  const startedAt = args.resume?.startedAt ?? info.startTime.toISOString();
  let finished = false;
  // Runs started for an older interpreter (no `engine` in their input) replay with JSONata only: its awaits
  // decide the order of parallel branches' commands.
  const jsonataOnly = (args.engine ?? 1) < 2;

  // One handler per signal a wait node takes; payloads queue until a wait node takes them (so an early signal is not lost).
  const signalNames = [...new Set(Object.values(plan.nodes).flatMap((n) => (n.kind === 'wait' ? [n.signal] : [])))].sort();
  for (const name of signalNames) {
    setHandler(waitSignal(name), (payload) => { (s.signals[name] ??= []).push(payload ?? null); });
  }
  // Human tasks: the decisions people send (through the tasks service) to this run's task nodes.
  const decisions = Object.values(plan.nodes).some((n) => n.kind === 'task') ? taskDecisions() : undefined;
  setHandler(progressQuery, () => ({
    flowKey: plan.flowKey, version: plan.version, hash: plan.hash, nodes: s.nodes, responded: s.response !== undefined, finished,
    waitingFor: Object.entries(s.nodes).flatMap(([id, p]) => { const n = plan.nodes[id]; return p.status === 'waiting' && n?.kind === 'wait' ? [n.signal] : []; }),
    generation: s.generation,
  }));
  setHandler(awaitResponseUpdate, async () => {
    await condition(() => s.response !== undefined || finished);
    return s.response ? { responded: true, output: s.response.output, ...(s.response.pending ? { pending: true } : {}) } : { responded: false, output: s.final?.output ?? null };
  });

  const ctx = (): ExpressionContext => ({
    input: args.input, nodes: s.outputs, vars: {}, run: { id: runId, flowKey: plan.flowKey, version: plan.version, startedAt },
    ...(jsonataOnly ? { jsonataOnly: true } : {}), ...(args.engine !== undefined && args.engine >= 3 ? { engine: args.engine } : {}),
  });
  const passOn = { ...(args.subflows ? { subflows: args.subflows } : {}), ...(args.agency ? { agency: args.agency } : {}), ...(args.engine ? { engine: args.engine } : {}) };

  /** Runs one node; returns the handle it exits by and its output. */
  async function exec(node: PlanNode): Promise<Exit> {
    switch (node.kind) {
      case 'trigger':
        return { handle: DEFAULT_HANDLE, output: args.input };
      case 'call': {
        const input = await evaluateMapping(node.input, ctx(), node.id);
        const idempotencyKey = node.idempotencyKey ? String(await evaluate(node.idempotencyKey, ctx(), node.id)) : `${runId}/${node.id}`;
        const output = await callConnector(node.activity ?? '', node.timeout, node.retry,
          { input, idempotencyKey, nodeId: node.id, ...(node.credentialId ? { credentialId: node.credentialId, flowKey: plan.flowKey } : {}),
            // The platform's audit step records the flow it belongs to (activity input only: replay-safe, no new command).
            ...(node.activity?.startsWith('audit:') ? { flowKey: plan.flowKey } : {}) }, node.local === true);
        return { handle: DEFAULT_HANDLE, output };
      }
      case 'transform':
        return { handle: DEFAULT_HANDLE, output: await evaluate(node.expression, ctx(), node.id) };
      case 'switch': {
        for (const c of node.cases) if ((await evaluate(c.when, ctx(), node.id)) === true) return { handle: c.handle, output: c.handle };
        return { handle: 'default', output: 'default' };
      }
      case 'parallel':
        return { handle: DEFAULT_HANDLE, output: null };
      case 'join':
        return { handle: DEFAULT_HANDLE, output: { arrived: s.arrivals[node.id] ?? 0 } };
      case 'foreach':
        return { handle: DEFAULT_HANDLE, output: await foreach(node) };
      case 'wait':
        return waitFor(node);
      case 'task':
        return runTask({ node, ctx: ctx(), plan, runId, agency: args.agency ?? null, decisions: decisions ?? taskDecisions(),
          waiting: () => { s.nodes[node.id] = { ...s.nodes[node.id], status: 'waiting' }; } });
      case 'delay': {
        if (node.duration) {
          await sleep(node.duration);
        } else if (node.until) {
          const until = await evaluate(node.until, ctx(), node.id);
          const at = typeof until === 'string' ? Date.parse(until) : Number.NaN;
          if (Number.isNaN(at)) throw new LtError('FLOW_DELAY_BAD_DATE', { nodeId: node.id, value: String(until) }, { nodeId: node.id });
          const ms = at - new Date().getTime(); // workflow time: the sandbox's clock is the history's, so replay-safe
          if (ms > 0) await sleep(ms);
        }
        return { handle: DEFAULT_HANDLE, output: { at: now() } };
      }
      case 'subflow': {
        const input = node.input ? await evaluate(node.input, ctx(), node.id) : args.input;
        return { handle: DEFAULT_HANDLE, output: await runSubflow({ ref: node.flow, input, workflowId: `${runId}/${node.id}`, ...passOn }) };
      }
      case 'respond': {
        const output = await evaluate(node.output, ctx(), node.id);
        s.response = { output, ...(node.pending ? { pending: true } : {}) };
        return { handle: DEFAULT_HANDLE, output };
      }
      case 'end': {
        const output = node.output ? await evaluate(node.output, ctx(), node.id) : (s.response?.output ?? null);
        s.final = { output };
        return { handle: DEFAULT_HANDLE, output, stop: true };
      }
      case 'fail':
        throw new FlowFailed({ code: node.code as LtErrorJson['code'], message: node.message, where: { ...node.where, nodeId: node.id } });
      default: {
        const kind = (node as { kind: string }).kind;
        throw new LtError('FLOW_RUN_UNSUPPORTED_NODE', { kind }, { nodeId: (node as { id: string }).id });
      }
    }
  }

  async function waitFor(node: Extract<PlanNode, { kind: 'wait' }>): Promise<Exit> {
    const name = node.signal;
    s.nodes[node.id] = { ...s.nodes[node.id], status: 'waiting' };
    const queued = () => (s.signals[name]?.length ?? 0) > 0;
    for (;;) {
      if (node.timeout) {
        if (!(await condition(queued, node.timeout))) {
          if ((plan.next[node.id]?.timeout?.length ?? 0) > 0) return { handle: 'timeout', output: null };
          throw new LtError('FLOW_WAIT_TIMED_OUT', { nodeId: node.id, signal: name }, { nodeId: node.id });
        }
      } else {
        await condition(queued);
      }
      const queue = s.signals[name] ?? [];
      if (queue.length > 0) return { handle: DEFAULT_HANDLE, output: queue.shift() };
      // Another wait node on the same signal took it first: wait again (the timeout restarts; acceptable for this rare case).
    }
  }

  async function foreach(node: Extract<PlanNode, { kind: 'foreach' }>): Promise<ForeachOutput | BatchForeachOutput> {
    const items = await evaluate(node.items, ctx(), node.id);
    if (!Array.isArray(items)) throw new LtError('FLOW_FOREACH_NOT_LIST', { nodeId: node.id }, { nodeId: node.id });
    if ('transform' in node.body || items.length <= INLINE_ITEMS) {
      const results: unknown[] = [];
      const errors: ItemError[] = [];
      const progress = () => { s.nodes[node.id] = { ...s.nodes[node.id], status: 'running', items: { done: results.length, total: items.length, failed: errors.length } }; };
      progress();
      await processItems({ node, items, ctx: ctx(), runId, from: 0, results, errors, onItem: progress, ...passOn });
      return foreachOutput(results, errors);
    }
    s.nodes[node.id] = { ...s.nodes[node.id], status: 'running', items: { done: 0, total: items.length, failed: 0 } };
    if ((args.engine ?? 1) >= 4 && 'call' in node.body) { // engine 4: items and results in our database, chunk activities
      const out = await foreachInBatch({ node, items, ctx: contextForBody(node, ctx()), runId,
        onProgress: (done, failed) => { s.nodes[node.id] = { ...s.nodes[node.id], status: 'running', items: { done, total: items.length, failed } }; } });
      s.nodes[node.id] = { ...s.nodes[node.id], status: 'running', items: { done: items.length, total: items.length, failed: out.failed } };
      return out;
    }
    const input: RunForeachInput = { node, items, ctx: contextForBody(node, ctx()), runId, cursor: 0, results: [], errors: [], ...passOn,
      ...(args.historyBudget ? { historyBudget: args.historyBudget } : {}) };
    const out = await executeChild<(a: RunForeachInput) => Promise<ForeachOutput>>(RUN_FOREACH_WORKFLOW, { workflowId: `${runId}/${node.id}`, args: [input] });
    s.nodes[node.id] = { ...s.nodes[node.id], status: 'running', items: { done: items.length, total: items.length, failed: out.failed } };
    return out;
  }

  // Nodes that can reach a node: the branches a join of mode any / n cancels once it fires.
  const feeders = (target: string): Set<string> => {
    const preds: Record<string, string[]> = {};
    for (const [from, byHandle] of Object.entries(plan.next)) for (const ts of Object.values(byHandle)) for (const t of ts) (preds[t] ??= []).push(from);
    const seen = new Set<string>();
    const queue = [...(preds[target] ?? [])];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...(preds[id] ?? []));
    }
    return seen;
  };

  const running = new Map<number, Token>();
  let seq = 0;
  let fatal: { json: LtErrorJson } | undefined;

  function launch(id: string): void {
    const node = plan.nodes[id];
    if (!node) return;
    if (node.kind === 'join') {
      if (s.fired.includes(id)) return; // a late branch of a join that already fired
      const arrived = (s.arrivals[id] = (s.arrivals[id] ?? 0) + 1);
      const need = node.mode === 'all' ? (plan.incoming[id] ?? 1) : node.mode === 'any' ? 1 : (node.n ?? 1);
      if (arrived < need) { s.nodes[id] = { status: 'waiting' }; return; }
      s.fired.push(id);
      if (node.mode !== 'all') {
        const losers = feeders(id);
        for (const t of running.values()) if (losers.has(t.id)) t.scope.cancel();
        s.pending = s.pending.filter((p) => !losers.has(p));
      }
    }
    const mine = seq++;
    const scope = new CancellationScope();
    s.nodes[id] = { status: 'running', startedAt: now() };
    const promise = scope.run(() => exec(node)).then(
      (exit): Settled => ({ seq: mine, id, ok: true, exit }),
      (err: unknown): Settled => ({ seq: mine, id, ok: false, err }),
    );
    running.set(mine, { seq: mine, id, scope, promise });
  }

  function settle(done: Settled): void {
    const node = plan.nodes[done.id];
    const prior = s.nodes[done.id];
    if (done.ok) {
      s.outputs[done.id] = { output: done.exit.output };
      s.nodes[done.id] = { ...prior, status: 'succeeded', finishedAt: now(), handle: done.exit.handle };
      if (node?.kind === 'call' && node.compensateActivity) s.compensations.push(done.id);
      if (!done.exit.stop) s.pending.push(...(plan.next[done.id]?.[done.exit.handle] ?? []));
      return;
    }
    if (isCancellation(done.err)) {
      s.nodes[done.id] = { ...prior, status: 'skipped', finishedAt: now() };
      return;
    }
    const json = errorJson(done.err);
    s.nodes[done.id] = { ...prior, status: 'failed', finishedAt: now(), error: json };
    const onError = plan.next[done.id]?.[ERROR_HANDLE];
    if (onError && !(done.err instanceof FlowFailed)) {
      s.outputs[done.id] = { output: { error: json } };
      s.pending.push(...onError);
      return;
    }
    fatal ??= { json };
  }

  /** Undoes the completed calls that declare a compensation, most recent first. Never cancelled. */
  async function compensate(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      for (const id of [...s.compensations].reverse()) {
        const node = plan.nodes[id];
        if (node?.kind !== 'call' || !node.compensate || !node.compensateActivity) continue;
        try {
          const input = await evaluateMapping(node.compensate.input, ctx(), id);
          await callConnector(node.compensateActivity, node.compensateTimeout, node.compensateRetry, {
            input, idempotencyKey: `${runId}/${id}/compensate`, nodeId: id, ...(node.compensate.credentialId ? { credentialId: node.compensate.credentialId, flowKey: plan.flowKey } : {}),
          });
          s.nodes[id] = { ...s.nodes[id], status: 'compensated', compensation: 'succeeded' };
        } catch {
          s.nodes[id] = { ...s.nodes[id], status: s.nodes[id]?.status ?? 'succeeded', compensation: 'failed' };
        }
      }
      s.compensations = [];
    });
  }

  for (;;) {
    while (s.pending.length > 0) launch(s.pending.shift() as string);
    if (running.size === 0) break;
    const done = await Promise.race([...running.values()].map((t) => t.promise));
    running.delete(done.seq);
    settle(done);
    if (fatal) break;
    if (running.size === 0 && s.pending.length > 0 && historyFull(args.historyBudget)) {
      return continueAsNew<typeof runFlow>({ ...args, resume: { ...s, startedAt, generation: s.generation + 1 } });
    }
  }

  const cancelled = CancellationScope.current().consideredCancelled;
  if (fatal || cancelled) {
    for (const t of running.values()) t.scope.cancel();
    for (const t of running.values()) settle(await t.promise);
    finished = true;
    await compensate();
    if (fatal) throw failureOf(fatal.json);
    throw new CancelledFailure('run cancelled');
  }
  finished = true;
  return { status: 'completed', output: s.final?.output ?? s.response?.output ?? null, ...(s.response ? { response: s.response.output } : {}), nodes: s.nodes };
}

/**
 * A large foreach: processes items from the cursor with the node's concurrency and continues as new
 * before the history grows past the budget, carrying the results so far.
 */
export async function runForeach(a: RunForeachInput): Promise<ForeachOutput> {
  const results = [...a.results];
  const errors = [...a.errors];
  const offset = a.offset ?? 0;
  const total = offset + a.items.length;
  setHandler(foreachProgressQuery, () => ({ done: results.length, total, failed: errors.length }));
  const budget = a.historyBudget ?? FOREACH_HISTORY_BUDGET;
  const jsonataOnly = a.ctx.jsonataOnly === true || (a.engine ?? 1) < 2;
  const cursor = await processItems({
    node: a.node, items: a.items, offset, ctx: { ...a.ctx, ...(jsonataOnly ? { jsonataOnly: true } : {}) }, runId: a.runId, from: a.cursor, results, errors, stop: () => historyFull(budget),
    ...(a.subflows ? { subflows: a.subflows } : {}), ...(a.agency ? { agency: a.agency } : {}), ...(a.engine ? { engine: a.engine } : {}),
  });
  // The next run carries only the items still to do: the results grow as the items shrink.
  if (cursor < total) return continueAsNew<typeof runForeach>({ ...a, items: a.items.slice(cursor - offset), offset: cursor, cursor, results, errors });
  return foreachOutput(results, errors);
}

/** Events a foreach batch run may reach before it continues as new (Temporal warns at 10,240). */
export const FOREACH_HISTORY_BUDGET = 4_000;
export { DEFAULT_CONCURRENCY };
