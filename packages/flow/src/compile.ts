import { LtError } from '@lienthong/errors';
import { activityName, checkFlowDocument, type ConnectorManifest, type FlowDocument, type FlowNode } from '@lienthong/schemas';
import { expressionProblem } from './expressions.js';
import { contentHash } from './hash.js';
import { DEFAULT_HANDLE, type Plan, type PlanNode } from './plan.js';

export type CompileResult = { ok: true; plan: Plan } | { ok: false; errors: LtError[] };

const ptr = (...parts: (string | number)[]): string => `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The JSONata expressions a node holds, each with its JSON pointer. */
function expressionsOf(id: string, node: FlowNode): { pointer: string; expr: string }[] {
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
    case 'delay':
      return node.until ? [{ pointer: at('until'), expr: node.until }] : [];
    case 'subflow':
      return node.input ? [{ pointer: at('input'), expr: node.input }] : [];
    case 'respond':
      return [{ pointer: at('output'), expr: node.output }];
    case 'end':
      return node.output ? [{ pointer: at('output'), expr: node.output }] : [];
    default:
      return [];
  }
}

/**
 * Validates a flow document (schema, then graph, expressions and connector references) and
 * returns every problem at once, or the immutable plan. Pure: same input, same plan, same hash.
 */
export function compile(doc: unknown, manifests: readonly ConnectorManifest[], opts: { version?: number } = {}): CompileResult {
  const checked = checkFlowDocument(doc);
  if (!checked.ok) {
    return { ok: false, errors: checked.issues.map((i) => new LtError('FLOW_SCHEMA_INVALID', { pointer: i.pointer, detail: i.message }, nodeWhere(i.pointer))) };
  }
  const flow: FlowDocument = checked.value;
  const errors: LtError[] = [];
  const byRef = new Map(manifests.map((m) => [`${m.id}@${m.version}`, m]));
  const ids = Object.keys(flow.nodes).sort();

  const triggers = ids.filter((id) => flow.nodes[id]?.kind === 'trigger');
  if (triggers.length !== 1) errors.push(new LtError('FLOW_COMPILE_NO_TRIGGER', { count: triggers.length }, { pointer: '/nodes' }));

  const planNodes: Record<string, PlanNode> = {};
  for (const id of ids) {
    const node = flow.nodes[id];
    if (!node) continue;
    const { ui: _ui, ...rest } = node;
    let extra: Partial<PlanNode> = {};
    if (node.kind === 'call') {
      const ref = `${node.connector.id}@${node.connector.version}`;
      const m = byRef.get(ref);
      if (!m) errors.push(new LtError('FLOW_COMPILE_UNKNOWN_CONNECTOR', { nodeId: id, ref }, { nodeId: id, pointer: ptr('nodes', id, 'connector') }));
      else extra = { activity: activityName(m), timeout: node.timeout ?? m.timeout, retry: { ...m.retry, ...node.retry } };
      if (node.compensate) {
        const cref = `${node.compensate.connector.id}@${node.compensate.connector.version}`;
        const cm = byRef.get(cref);
        if (!cm) errors.push(new LtError('FLOW_COMPILE_UNKNOWN_CONNECTOR', { nodeId: id, ref: cref }, { nodeId: id, pointer: ptr('nodes', id, 'compensate', 'connector') }));
        else extra = { ...extra, compensateActivity: activityName(cm) };
      }
    }
    if (node.kind === 'foreach' && 'call' in node.body) {
      const ref = `${node.body.call.connector.id}@${node.body.call.connector.version}`;
      const m = byRef.get(ref);
      if (!m) errors.push(new LtError('FLOW_COMPILE_UNKNOWN_CONNECTOR', { nodeId: id, ref }, { nodeId: id, pointer: ptr('nodes', id, 'body', 'call', 'connector') }));
      else extra = { activity: activityName(m), timeout: m.timeout, retry: m.retry };
    }
    for (const { pointer, expr } of expressionsOf(id, node)) {
      const problem = expressionProblem(expr);
      if (problem) errors.push(new LtError('FLOW_COMPILE_BAD_EXPRESSION', { nodeId: id, detail: problem }, { nodeId: id, pointer }));
    }
    planNodes[id] = { ...rest, ...extra, id } as PlanNode;
  }

  const next: Record<string, Record<string, string[]>> = {};
  const incomingFrom: Record<string, Set<string>> = {};
  flow.edges.forEach((e, i) => {
    for (const end of ['source', 'target'] as const) {
      if (!flow.nodes[e[end]]) errors.push(new LtError('FLOW_COMPILE_DANGLING_EDGE', { edgeId: e.id, nodeId: e[end] }, { pointer: ptr('edges', i, end) }));
    }
    if (!flow.nodes[e.source] || !flow.nodes[e.target]) return;
    const handle = e.sourceHandle ?? DEFAULT_HANDLE;
    const byHandle = (next[e.source] ??= {});
    (byHandle[handle] ??= []).push(e.target);
    (incomingFrom[e.target] ??= new Set()).add(e.source);
  });
  for (const byHandle of Object.values(next)) for (const h of Object.keys(byHandle)) byHandle[h] = [...new Set(byHandle[h])].sort();

  const entry = triggers[0] ?? '';
  if (entry) {
    // Reachability from the trigger.
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      for (const targets of Object.values(next[id] ?? {})) for (const t of targets) if (!seen.has(t)) { seen.add(t); queue.push(t); }
    }
    for (const id of ids) if (!seen.has(id)) errors.push(new LtError('FLOW_COMPILE_UNREACHABLE', { nodeId: id }, { nodeId: id, pointer: ptr('nodes', id) }));
    // Cycles (loops are expressed with foreach, never with edges).
    const state = new Map<string, 1 | 2>();
    const visit = (id: string): string | null => {
      state.set(id, 1);
      for (const targets of Object.values(next[id] ?? {})) for (const t of targets) {
        if (state.get(t) === 1) return t;
        if (!state.has(t)) { const c = visit(t); if (c) return c; }
      }
      state.set(id, 2);
      return null;
    };
    const cyc = visit(entry);
    if (cyc) errors.push(new LtError('FLOW_COMPILE_CYCLE', { nodeId: cyc }, { nodeId: cyc, pointer: ptr('nodes', cyc) }));
  }

  const trigger = flow.nodes[entry];
  const sync = trigger?.kind === 'trigger' && trigger.trigger.type === 'api' && trigger.trigger.sync === true;
  if (sync && !ids.some((id) => flow.nodes[id]?.kind === 'respond')) errors.push(new LtError('FLOW_COMPILE_NO_RESPOND', {}, { pointer: '/nodes' }));
  for (const [k, expr] of Object.entries(flow.settings?.businessKeys ?? {})) {
    const problem = expressionProblem(expr);
    if (problem) errors.push(new LtError('FLOW_COMPILE_BAD_EXPRESSION', { nodeId: 'settings', detail: problem }, { pointer: ptr('settings', 'businessKeys', k) }));
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

/** The hash ignores canvas-only fields, so moving a node on the canvas is not a new flow. */
export function withoutUi(flow: FlowDocument): FlowDocument {
  return { ...flow, version: undefined, nodes: Object.fromEntries(Object.entries(flow.nodes).map(([id, n]) => { const { ui: _ui, ...rest } = n; return [id, rest as FlowNode]; })) } as FlowDocument;
}

function nodeWhere(pointer: string): { pointer: string; nodeId?: string } {
  const m = /^\/nodes\/([^/]+)/.exec(pointer);
  return m?.[1] ? { pointer, nodeId: m[1] } : { pointer };
}
