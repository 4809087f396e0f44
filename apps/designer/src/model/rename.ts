import type { DesignerEdge, DesignerNode } from './flow-adapter.js';
import type { NodeBody } from './kinds.js';

/** `$nodes.<from>` references in an expression, rewritten to `$nodes.<to>`. */
export function renameInExpression(expr: string, from: string, to: string): string {
  return expr.replace(new RegExp(`\\$nodes\\.${from}(?![a-zA-Z0-9_])`, 'g'), `$nodes.${to}`);
}

function renameInBody(body: NodeBody, from: string, to: string): NodeBody {
  const r = (e: string) => renameInExpression(e, from, to);
  const map = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, r(v)]));
  switch (body.kind) {
    case 'call': return { ...body, input: map(body.input), ...(body.idempotencyKey ? { idempotencyKey: r(body.idempotencyKey) } : {}) };
    case 'transform': return { ...body, expression: r(body.expression) };
    case 'switch': return { ...body, cases: body.cases.map((c) => ({ ...c, when: r(c.when) })) };
    case 'respond': return { ...body, output: r(body.output) };
    case 'end': return body.output ? { ...body, output: r(body.output) } : body;
    case 'foreach': return { ...body, items: r(body.items) };
    case 'delay': return body.until ? { ...body, until: r(body.until) } : body;
    case 'subflow': return body.input ? { ...body, input: r(body.input) } : body;
    default: return body;
  }
}

/** Renames a node: its id, the edges that touch it and every `$nodes.<id>` reference to it. */
export function renameNode(g: { nodes: DesignerNode[]; edges: DesignerEdge[] }, from: string, to: string): { nodes: DesignerNode[]; edges: DesignerEdge[] } {
  return {
    nodes: g.nodes.map((n) => ({ ...n, id: n.id === from ? to : n.id, data: { ...n.data, body: renameInBody(n.data.body, from, to) } })),
    edges: g.edges.map((e) => ({ ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target })),
  };
}
