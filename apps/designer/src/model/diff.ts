import { canonicalJson } from '@lienthong/flow';
import type { FlowDocument } from '@lienthong/schemas';

export type Change = 'added' | 'removed' | 'changed' | 'same';

export interface FlowDiff {
  nodes: Record<string, Change>;
  /** Edges keyed "source:handle->target". */
  edges: Record<string, Change>;
  /** Top-level fields that differ (title, inputSchema, settings…). */
  meta: string[];
  /** True when nothing the compiler reads differs (moves on the canvas do not count). */
  equal: boolean;
}

export const edgeKey = (e: { source: string; target: string; sourceHandle?: string | null }): string => `${e.source}:${e.sourceHandle ?? 'ok'}->${e.target}`;

const withoutUi = (n: object): string => { const { ui: _ui, ...rest } = n as { ui?: unknown }; return canonicalJson(rest); };

/** What changed from `before` to `after`: nodes by id, edges by their ends, and top-level fields. */
export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const nodes: Record<string, Change> = {};
  for (const id of new Set([...Object.keys(before.nodes), ...Object.keys(after.nodes)])) {
    const a = before.nodes[id];
    const b = after.nodes[id];
    nodes[id] = !a ? 'added' : !b ? 'removed' : withoutUi(a) === withoutUi(b) ? 'same' : 'changed';
  }
  const edges: Record<string, Change> = {};
  const ka = new Set(before.edges.map(edgeKey));
  const kb = new Set(after.edges.map(edgeKey));
  for (const k of new Set([...ka, ...kb])) edges[k] = !ka.has(k) ? 'added' : !kb.has(k) ? 'removed' : 'same';
  const metaKeys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => k !== 'nodes' && k !== 'edges' && k !== 'version'));
  const meta = [...metaKeys].filter((k) => canonicalJson((before as Record<string, unknown>)[k] ?? null) !== canonicalJson((after as Record<string, unknown>)[k] ?? null)).sort();
  const equal = meta.length === 0 && Object.values(nodes).every((c) => c === 'same') && Object.values(edges).every((c) => c === 'same');
  return { nodes, edges, meta, equal };
}

/** One document holding both versions' nodes and edges (removed ones from `before`), for drawing a diff. */
export function unionForDiff(before: FlowDocument, after: FlowDocument): FlowDocument {
  const nodes = { ...before.nodes, ...after.nodes };
  const seen = new Set(after.edges.map(edgeKey));
  const edges = [...after.edges, ...before.edges.filter((e) => !seen.has(edgeKey(e))).map((e) => ({ ...e, id: `removed-${e.id}` }))];
  return { ...after, nodes, edges };
}
