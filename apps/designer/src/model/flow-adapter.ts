import type { Edge, Node } from '@xyflow/react';
import type { FlowDocument, FlowEdge, FlowNode } from '@lienthong/schemas';
import type { NodeBody } from './kinds.js';

/** Plain data only: the node as the document holds it (without `ui`), never functions. */
export interface DesignerNodeData extends Record<string, unknown> {
  body: NodeBody;
  /** Canvas-only fields other than the position (collapsed, colour), kept so a round trip loses nothing. */
  ui?: { collapsed?: boolean; color?: string };
}
export type DesignerNode = Node<DesignerNodeData, 'lt'>;
export type DesignerEdge = Edge;

/** Everything in a flow document except its graph. */
export type FlowMeta = Omit<FlowDocument, 'nodes' | 'edges'>;

export interface Canvas {
  meta: FlowMeta;
  nodes: DesignerNode[];
  edges: DesignerEdge[];
}

const DEFAULT_HANDLE = 'ok';

/** Flow document → React Flow nodes and edges. Nodes without a stored position get one on a simple grid. */
export function toCanvas(doc: FlowDocument): Canvas {
  const { nodes, edges, ...meta } = doc;
  const rfNodes = Object.entries(nodes).map(([id, n], i): DesignerNode => {
    const { ui, ...body } = n;
    const { position, ...restUi } = ui ?? {};
    return {
      id, type: 'lt', position: position ?? { x: i * 240, y: 80 },
      data: { body: body as NodeBody, ...(Object.keys(restUi).length > 0 ? { ui: restUi } : {}) },
    };
  });
  const rfEdges = edges.map((e): DesignerEdge => ({
    id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? DEFAULT_HANDLE, targetHandle: 'in',
  }));
  return { meta, nodes: rfNodes, edges: rfEdges };
}

/**
 * React Flow → flow document. Only `ui.position` (rounded) and the kept canvas fields leave the canvas;
 * the default "ok" handle is left implicit, as hand-written documents do, so round trips keep the hash.
 */
export function toDocument(c: Canvas): FlowDocument {
  const nodes: Record<string, FlowNode> = {};
  for (const n of [...c.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    nodes[n.id] = { ...n.data.body, ui: { ...n.data.ui, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } } } as FlowNode;
  }
  const edges = c.edges.map((e): FlowEdge => ({
    id: e.id, source: e.source, target: e.target,
    ...(e.sourceHandle && e.sourceHandle !== DEFAULT_HANDLE ? { sourceHandle: e.sourceHandle } : {}),
  }));
  return { ...c.meta, nodes, edges } as FlowDocument;
}

/** The next free edge id ("e1", "e2", …). */
export function nextEdgeId(edges: readonly { id: string }[]): string {
  const taken = new Set(edges.map((e) => e.id));
  let i = edges.length + 1;
  while (taken.has(`e${i}`)) i++;
  return `e${i}`;
}

/** An empty draft: nothing on the canvas yet. */
export function emptyDocument(key: string, title: { vi: string; en: string }): FlowDocument {
  return { key, title, nodes: {}, edges: [] };
}
