import { nextEdgeId, type DesignerEdge, type DesignerNode } from './flow-adapter.js';
import { nextNodeId } from './kinds.js';

export interface Clip {
  nodes: DesignerNode[];
  edges: DesignerEdge[];
}

/** The selected nodes and the edges between them. */
export function copySelection(nodes: readonly DesignerNode[], edges: readonly DesignerEdge[], ids: ReadonlySet<string>): Clip {
  return {
    nodes: nodes.filter((n) => ids.has(n.id)).map((n) => structuredClone({ ...n, selected: false })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })),
  };
}

/**
 * Pastes a clip with fresh node and edge ids, offset so the copy is visible. A second trigger is never
 * pasted (a flow has exactly one). Pasted nodes come selected.
 */
export function pasteClip(clip: Clip, existing: { nodes: readonly DesignerNode[]; edges: readonly DesignerEdge[] }, offset = 40): Clip {
  const taken = new Set(existing.nodes.map((n) => n.id));
  const hasTrigger = existing.nodes.some((n) => n.data.body.kind === 'trigger');
  const rename = new Map<string, string>();
  const nodes: DesignerNode[] = [];
  for (const n of clip.nodes) {
    if (n.data.body.kind === 'trigger' && hasTrigger) continue;
    const id = nextNodeId(n.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    rename.set(n.id, id);
    nodes.push({ ...structuredClone(n), id, selected: true, position: { x: n.position.x + offset, y: n.position.y + offset } });
  }
  const edges: DesignerEdge[] = [];
  const all = [...existing.edges];
  for (const e of clip.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (!source || !target) continue;
    const edge = { ...e, id: nextEdgeId(all), source, target };
    all.push(edge);
    edges.push(edge);
  }
  return { nodes, edges };
}
