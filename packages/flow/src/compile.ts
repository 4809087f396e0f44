import { LtError, type ErrorCode, type Params } from '@lienthong/errors';
import { activityName, checkAgainst, checkFlowDocument, type ConnectorManifest, type FlowDocument, type FlowNode } from '@lienthong/schemas';
import { expressionAst, expressionProblem } from './expressions.js';
import { literalOf, nodeRefs, objectKeys } from './expression-shapes.js';
import { cronProblem } from './cron.js';
import { checkPollTrigger, triggerInputExpression } from './trigger-check.js';
import { checkTaskNode, taskExpressions } from './task-compile.js';
import { contentHash } from './hash.js';
import { DEFAULT_HANDLE, ERROR_HANDLE, HANDLES, flowRef, type Plan, type PlanNode } from './plan.js';

export type CompileResult = { ok: true; plan: Plan } | { ok: false; errors: LtError[] };

export interface CompileOptions {
  /** The version number the plan gets (publishing assigns it). */
  version?: number;
  /** Published flows ("key@version"); when given, subflow references are checked against it. */
  flows?: ReadonlySet<string>;
}

const ptr = (...parts: (string | number)[]): string => `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

interface Expr { pointer: string; expr: string }

/** The JSONata expressions a node holds, each with its JSON pointer. */
function expressionsOf(id: string, node: FlowNode): Expr[] {
  const at = (...p: (string | number)[]) => ptr('nodes', id, ...p);
  const map = (m: Record<string, string>, ...p: string[]) => Object.entries(m).map(([k, expr]) => ({ pointer: at(...p, k), expr }));
  switch (node.kind) {
    case 'call':
      return [
        ...map(node.input, 'input'),
        ...(node.idempotencyKey ? [{ pointer: at('idempotencyKey'), expr: node.idempotencyKey }] : []),
        ...(node.compensate ? map(node.compensate.input, 'compensate', 'input') : []),
      ];
    case 'transform':
      return [{ pointer: at('expression'), expr: node.expression }];
    case 'switch':
      return node.cases.map((c, i) => ({ pointer: at('cases', i, 'when'), expr: c.when }));
    case 'foreach': {
      const body = node.body;
      const bodyExprs = 'call' in body ? map(body.call.input, 'body', 'call', 'input')
        : 'transform' in body ? [{ pointer: at('body', 'transform'), expr: body.transform }]
        : body.input ? [{ pointer: at('body', 'input'), expr: body.input }] : [];
      return [{ pointer: at('items'), expr: node.items }, ...bodyExprs];
    }
    case 'task': return taskExpressions(id, node);
    case 'delay':
      return node.until ? [{ pointer: at('until'), expr: node.until }] : [];
    case 'subflow':
      return node.input ? [{ pointer: at('input'), expr: node.input }] : [];
    case 'respond':
      return [{ pointer: at('output'), expr: node.output }];
    case 'end':
      return node.output ? [{ pointer: at('output'), expr: node.output }] : [];
    case 'trigger': { // a schedule's input (its fit with inputSchema is checked at publish: schedule-check.ts); a poll's or webhook's item mapping
      const input = node.trigger.type === 'schedule' ? node.trigger.input : triggerInputExpression(node.trigger);
      return input ? [{ pointer: at('trigger', 'input'), expr: input }] : [];
    }
    default:
      return [];
  }
}

function schemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'not an object';
  try {
    checkAgainst(schema, null);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Validates a flow document (schema, then graph, expressions and connector references) and
 * returns every problem at once, or the immutable plan. Pure: same input, same plan, same hash.
 */
export function compile(doc: unknown, manifests: readonly ConnectorManifest[], opts: CompileOptions = {}): CompileResult {
  const checked = checkFlowDocument(doc);
  if (!checked.ok) {
    return { ok: false, errors: checked.issues.map((i) => new LtError('FLOW_SCHEMA_INVALID', { pointer: i.pointer, detail: i.message }, nodeWhere(i.pointer))) };
  }
  const flow: FlowDocument = checked.value;
  const errors: LtError[] = [];
  const problem = (code: ErrorCode, params: Params, where: { nodeId?: string; pointer: string }) => errors.push(new LtError(code, params, where));
  const byRef = new Map(manifests.map((m) => [`${m.id}@${m.version}`, m]));
  const ids = Object.keys(flow.nodes).sort();

  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const s = flow[field];
    const p = s === undefined ? null : schemaProblem(s);
    if (p) problem('FLOW_COMPILE_BAD_SCHEMA', { field, detail: p }, { pointer: ptr(field) });
  }

  const triggers = ids.filter((id) => flow.nodes[id]?.kind === 'trigger');
  if (triggers.length !== 1) problem('FLOW_COMPILE_NO_TRIGGER', { count: triggers.length }, { pointer: '/nodes' });

  /** Checks a field -> expression mapping against a connector's input schema. */
  const checkMapping = (id: string, m: ConnectorManifest, mapping: Record<string, string>, at: string[]) => {
    const schema = m.input as { properties?: Record<string, object>; required?: string[]; additionalProperties?: unknown };
    const props = schema.properties ?? {};
    for (const field of schema.required ?? []) {
      if (!(field in mapping)) problem('FLOW_COMPILE_INPUT_MISSING', { nodeId: id, field, connector: m.id }, { nodeId: id, pointer: ptr('nodes', id, ...at) });
    }
    for (const [field, expr] of Object.entries(mapping).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const fieldSchema = props[field];
      if (!fieldSchema) {
        if (schema.additionalProperties === false) problem('FLOW_COMPILE_INPUT_UNKNOWN', { nodeId: id, field, connector: m.id }, { nodeId: id, pointer: ptr('nodes', id, ...at, field) });
        continue;
      }
      const literal = literalOf(expressionAst(expr));
      if (!literal) continue;
      const fits = checkAgainst(fieldSchema, literal.value);
      if (!fits.ok) problem('FLOW_COMPILE_INPUT_TYPE', { nodeId: id, field, detail: fits.issues.map((i) => i.message).join('; ') }, { nodeId: id, pointer: ptr('nodes', id, ...at, field) });
    }
  };
  const resolve = (id: string, ref: { id: string; version: string }, at: string[]): ConnectorManifest | undefined => {
    const m = byRef.get(`${ref.id}@${ref.version}`);
    if (!m) problem('FLOW_COMPILE_UNKNOWN_CONNECTOR', { nodeId: id, ref: `${ref.id}@${ref.version}` }, { nodeId: id, pointer: ptr('nodes', id, ...at) });
    return m;
  };

  const planNodes: Record<string, PlanNode> = {};
  for (const id of ids) {
    const node = flow.nodes[id];
    if (!node) continue;
    const { ui: _ui, ...rest } = node;
    let extra: Partial<PlanNode> = {};
    switch (node.kind) {
      case 'call': {
        const m = resolve(id, node.connector, ['connector']);
        if (m) {
          const timeout = node.timeout ?? m.timeout;
          extra = { activity: activityName(m), timeout, retry: { ...m.retry, ...node.retry }, ...(runsLocally(m, timeout) ? { local: true } : {}) };
          checkMapping(id, m, node.input, ['input']);
        }
        if (node.compensate) {
          const cm = resolve(id, node.compensate.connector, ['compensate', 'connector']);
          if (cm) {
            extra = { ...extra, compensateActivity: activityName(cm), compensateTimeout: cm.timeout, compensateRetry: cm.retry };
            checkMapping(id, cm, node.compensate.input, ['compensate', 'input']);
          }
        }
        break;
      }
      case 'foreach':
        if ('call' in node.body) {
          const call = node.body.call;
          const m = resolve(id, call.connector, ['body', 'call', 'connector']);
          if (m) {
            // Foreach items stay (normal) activities: local ones complete inside one workflow task, so a batch's
            // history would not grow as it goes (its continue-as-new budget never trips) and its task would not be bounded.
            extra = { activity: activityName(m), timeout: call.timeout ?? m.timeout, retry: { ...m.retry, ...call.retry } };
            checkMapping(id, m, call.input, ['body', 'call', 'input']);
          }
        } else if ('subflow' in node.body && opts.flows) {
          const ref = flowRef(node.body.subflow.key, node.body.subflow.version);
          if (!opts.flows.has(ref)) problem('FLOW_COMPILE_UNKNOWN_SUBFLOW', { nodeId: id, ref }, { nodeId: id, pointer: ptr('nodes', id, 'body', 'subflow') });
        }
        break;
      case 'subflow':
        if (opts.flows && !opts.flows.has(flowRef(node.flow.key, node.flow.version))) {
          problem('FLOW_COMPILE_UNKNOWN_SUBFLOW', { nodeId: id, ref: flowRef(node.flow.key, node.flow.version) }, { nodeId: id, pointer: ptr('nodes', id, 'flow') });
        }
        break;
      case 'delay':
        if ((node.duration === undefined) === (node.until === undefined)) problem('FLOW_COMPILE_DELAY_SPEC', { nodeId: id }, { nodeId: id, pointer: ptr('nodes', id) });
        break;
      case 'wait': {
        const p = node.payloadSchema === undefined ? null : schemaProblem(node.payloadSchema);
        if (p) problem('FLOW_COMPILE_BAD_SCHEMA', { field: `nodes/${id}/payloadSchema`, detail: p }, { nodeId: id, pointer: ptr('nodes', id, 'payloadSchema') });
        break;
      }
      case 'task':
        checkTaskNode(id, node, flow.edges.some((e) => e.source === id && e.sourceHandle === 'timeout'), problem, (ref) => flow.nodes[ref]?.kind);
        break;
      case 'switch': {
        const seen = new Set<string>(HANDLES.switch);
        node.cases.forEach((c, i) => {
          if (seen.has(c.handle)) problem('FLOW_COMPILE_DUPLICATE_CASE', { nodeId: id, handle: c.handle }, { nodeId: id, pointer: ptr('nodes', id, 'cases', i, 'handle') });
          seen.add(c.handle);
        });
        break;
      }
      case 'trigger':
        if (node.trigger.type === 'schedule') {
          const detail = cronProblem(node.trigger.cron);
          if (detail) problem('FLOW_COMPILE_BAD_CRON', { nodeId: id, cron: node.trigger.cron, detail }, { nodeId: id, pointer: ptr('nodes', id, 'trigger', 'cron') });
        }
        checkPollTrigger(id, node.trigger, problem);
        break;
      default:
        break;
    }
    for (const { pointer, expr } of expressionsOf(id, node)) {
      const bad = expressionProblem(expr);
      if (bad) { problem('FLOW_COMPILE_BAD_EXPRESSION', { nodeId: id, detail: bad }, { nodeId: id, pointer }); continue; }
      for (const ref of [...new Set(nodeRefs(expressionAst(expr)))]) {
        if (!flow.nodes[ref]) problem('FLOW_COMPILE_UNKNOWN_NODE_REF', { nodeId: id, ref }, { nodeId: id, pointer });
      }
    }
    planNodes[id] = { ...rest, ...extra, id } as PlanNode;
  }

  // Edges: ids, ends, handles.
  const next: Record<string, Record<string, string[]>> = {};
  const incomingFrom: Record<string, Set<string>> = {};
  const edgeIds = new Set<string>();
  flow.edges.forEach((e, i) => {
    if (edgeIds.has(e.id)) problem('FLOW_COMPILE_DUPLICATE_EDGE', { edgeId: e.id }, { pointer: ptr('edges', i, 'id') });
    edgeIds.add(e.id);
    for (const end of ['source', 'target'] as const) {
      if (!flow.nodes[e[end]]) problem('FLOW_COMPILE_DANGLING_EDGE', { edgeId: e.id, nodeId: e[end] }, { pointer: ptr('edges', i, end) });
    }
    const source = flow.nodes[e.source];
    if (!source || !flow.nodes[e.target]) return;
    const handle = e.sourceHandle ?? DEFAULT_HANDLE;
    const allowed = source.kind === 'switch' ? [...source.cases.map((c) => c.handle), ...HANDLES.switch] : HANDLES[source.kind];
    if (!allowed.includes(handle)) {
      problem('FLOW_COMPILE_BAD_HANDLE', { edgeId: e.id, nodeId: e.source, kind: source.kind, handle, allowed: allowed.join(', ') || '—' },
        { nodeId: e.source, pointer: ptr('edges', i, e.sourceHandle === undefined ? 'source' : 'sourceHandle') });
      return;
    }
    if (source.kind === 'wait' && handle === 'timeout' && source.timeout === undefined) {
      problem('FLOW_COMPILE_WAIT_TIMEOUT_BRANCH', { nodeId: e.source }, { nodeId: e.source, pointer: ptr('nodes', e.source, 'timeout') });
    }
    const byHandle = (next[e.source] ??= {});
    (byHandle[handle] ??= []).push(e.target);
    (incomingFrom[e.target] ??= new Set()).add(e.source);
  });
  for (const byHandle of Object.values(next)) for (const h of Object.keys(byHandle)) byHandle[h] = [...new Set(byHandle[h])].sort();
  const successors = (id: string): string[] => [...new Set(Object.values(next[id] ?? {}).flat())].sort();

  for (const id of triggers) {
    if ((incomingFrom[id]?.size ?? 0) > 0) problem('FLOW_COMPILE_TRIGGER_INCOMING', { nodeId: id }, { nodeId: id, pointer: ptr('nodes', id) });
  }

  const entry = triggers[0] ?? '';
  if (entry) {
    // Reachability from the trigger (from each of them when there are several, so that mistake is reported once).
    const seen = new Set<string>(triggers);
    const queue = [...triggers];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      for (const t of successors(id)) if (!seen.has(t)) { seen.add(t); queue.push(t); }
    }
    for (const id of ids) if (!seen.has(id)) problem('FLOW_COMPILE_UNREACHABLE', { nodeId: id }, { nodeId: id, pointer: ptr('nodes', id) });
    // Cycles (loops are expressed with foreach, never with edges).
    const state = new Map<string, 1 | 2>();
    const visit = (id: string): string | null => {
      state.set(id, 1);
      for (const t of successors(id)) {
        if (state.get(t) === 1) return t;
        if (!state.has(t)) { const c = visit(t); if (c) return c; }
      }
      state.set(id, 2);
      return null;
    };
    let cyc: string | null = null;
    for (const t of triggers) cyc ??= state.has(t) ? null : visit(t);
    if (cyc) problem('FLOW_COMPILE_CYCLE', { nodeId: cyc }, { nodeId: cyc, pointer: ptr('nodes', cyc) });
    else checkJoins(flow, ids, next, incomingFrom, problem);
  }

  const sync = triggers.some((id) => { const t = flow.nodes[id]; return t?.kind === 'trigger' && t.trigger.type === 'api' && t.trigger.sync === true; });
  if (sync && !ids.some((id) => flow.nodes[id]?.kind === 'respond')) problem('FLOW_COMPILE_NO_RESPOND', {}, { pointer: '/nodes' });

  // The flow's answer fits outputSchema where that can be known: an object built with literal keys.
  const required = (flow.outputSchema as { required?: unknown } | undefined)?.required;
  if (Array.isArray(required)) {
    for (const id of ids) {
      const node = flow.nodes[id];
      const expr = node?.kind === 'end' || node?.kind === 'respond' ? node.output : undefined;
      const keys = expr && !expressionProblem(expr) ? objectKeys(expressionAst(expr)) : undefined;
      if (!keys) continue;
      for (const field of required) {
        if (typeof field === 'string' && !keys.includes(field)) problem('FLOW_COMPILE_OUTPUT_MISSING', { nodeId: id, field }, { nodeId: id, pointer: ptr('nodes', id, 'output') });
      }
    }
  }
  for (const [k, expr] of Object.entries(flow.settings?.businessKeys ?? {})) {
    const bad = expressionProblem(expr);
    if (bad) problem('FLOW_COMPILE_BAD_EXPRESSION', { nodeId: 'settings', detail: bad }, { pointer: ptr('settings', 'businessKeys', k) });
  }

  if (errors.length > 0) return { ok: false, errors };
  const incoming = Object.fromEntries(ids.map((id) => [id, incomingFrom[id]?.size ?? 0]));
  return {
    ok: true,
    plan: {
      flowKey: flow.key, version: opts.version ?? flow.version ?? 1, hash: contentHash(withoutUi(flow)), entry, sync,
      nodes: planNodes, next, incoming, businessKeys: flow.settings?.businessKeys ?? {},
    },
  };
}

/**
 * Joins match their branches: a join has at least two incoming branches (n of them at most for
 * mode "n"), a parallel node forks at least two, and branches that run at the same time (a
 * parallel node, or several edges from one handle) meet only at a join.
 */
function checkJoins(flow: FlowDocument, ids: string[], next: Record<string, Record<string, string[]>>, incomingFrom: Record<string, Set<string>>,
  problem: (code: ErrorCode, params: Params, where: { nodeId?: string; pointer: string }) => void): void {
  for (const id of ids) {
    const node = flow.nodes[id];
    if (node?.kind === 'join') {
      const count = incomingFrom[id]?.size ?? 0;
      const n = node.mode === 'n' ? node.n : undefined;
      if (count < 2 || (node.mode === 'n' && (n === undefined || n > count))) {
        problem('FLOW_COMPILE_JOIN_BRANCHES', { nodeId: id, mode: node.mode, count }, { nodeId: id, pointer: ptr('nodes', id, node.mode === 'n' ? 'n' : 'mode') });
      }
    }
    if (node?.kind === 'parallel') {
      const count = next[id]?.[DEFAULT_HANDLE]?.length ?? 0;
      if (count < 2) problem('FLOW_COMPILE_PARALLEL_BRANCHES', { nodeId: id, count }, { nodeId: id, pointer: ptr('nodes', id) });
    }
  }
  const reachWithoutJoin = (start: string): Set<string> => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      if (seen.has(id) || flow.nodes[id]?.kind === 'join') continue;
      seen.add(id);
      for (const [h, ts] of Object.entries(next[id] ?? {})) if (h !== ERROR_HANDLE) queue.push(...ts);
    }
    return seen;
  };
  const reported = new Set<string>();
  for (const fork of ids) {
    for (const [handle, targets] of Object.entries(next[fork] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (handle === ERROR_HANDLE || targets.length < 2) continue;
      const reach = targets.map(reachWithoutJoin);
      for (let i = 0; i < reach.length; i++) {
        for (let j = i + 1; j < reach.length; j++) {
          for (const m of [...(reach[i] as Set<string>)].sort()) {
            if (!(reach[j] as Set<string>).has(m) || (incomingFrom[m]?.size ?? 0) < 2 || reported.has(m)) continue;
            // Only where the branches first meet: some predecessor lies on one branch alone.
            const both = (x: string) => (reach[i] as Set<string>).has(x) && (reach[j] as Set<string>).has(x);
            if ([...(incomingFrom[m] ?? [])].every(both)) continue;
            reported.add(m);
            problem('FLOW_COMPILE_JOIN_MISSING', { nodeId: m, fork }, { nodeId: m, pointer: ptr('nodes', m) });
          }
        }
      }
    }
  }
}

/** The hash ignores canvas-only fields, so moving a node on the canvas is not a new flow. */
export function withoutUi(flow: FlowDocument): FlowDocument {
  return { ...flow, version: undefined, nodes: Object.fromEntries(Object.entries(flow.nodes).map(([id, n]) => { const { ui: _ui, ...rest } = n; return [id, rest as FlowNode]; })) } as FlowDocument;
}

function nodeWhere(pointer: string): { pointer: string; nodeId?: string } {
  const m = /^\/nodes\/([^/]+)/.exec(pointer);
  return m?.[1] ? { pointer, nodeId: m[1] } : { pointer };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longest call a read-only connector may make and still run as a local activity (it holds the workflow task meanwhile). */
const LOCAL_ACTIVITY_MAX_MS = 20_000;

/** A short read-only lookup runs as a local activity: no task-queue round trip, same durability for a call that changes nothing. */
function runsLocally(m: ConnectorManifest, timeout: string): boolean {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(timeout);
  return m.readOnly === true && match !== null && Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000) <= LOCAL_ACTIVITY_MAX_MS;
}
