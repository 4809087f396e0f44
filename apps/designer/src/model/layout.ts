import { Graph, layout } from '@dagrejs/dagre';

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 70;

/** Left-to-right layered layout (dagre); returns the top-left position of every node. */
export function autoLayout(
  nodes: readonly { id: string; width?: number | undefined; height?: number | undefined }[],
  edges: readonly { source: string; target: string }[],
): Map<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const n of ids) g.setNode(n.id, { width: n.width ?? NODE_WIDTH, height: n.height ?? NODE_HEIGHT });
  edges.forEach((e, i) => { if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, `e${i}`); });
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of ids) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) });
  }
  return out;
}
