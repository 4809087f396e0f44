import type { NodeBody } from './kinds.js';
import { sourceHandles, targetHandle } from './kinds.js';

export interface GraphView {
  nodes: ReadonlyMap<string, NodeBody>;
  edges: readonly { source: string; target: string; sourceHandle?: string | null }[];
}

export interface ConnectionAttempt {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/** Why a connection is refused; each reason has a message in the catalogue (`connect.<reason>`). */
export type ConnectRefusal = 'self' | 'unknown' | 'intoTrigger' | 'noSuchHandle' | 'duplicate' | 'cycle' | 'joinWithoutParallel';

function reaches(g: GraphView, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const e of g.edges) if (e.source === id && !seen.has(e.target)) { seen.add(e.target); stack.push(e.target); }
  }
  return false;
}

/** True when `id` is a parallel node or lies downstream of one: a branch a join can close. */
function onParallelBranch(g: GraphView, id: string): boolean {
  const seen = new Set<string>([id]);
  const stack = [id];
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (g.nodes.get(cur)?.kind === 'parallel') return true;
    for (const e of g.edges) if (e.target === cur && !seen.has(e.source)) { seen.add(e.source); stack.push(e.source); }
  }
  return false;
}

/**
 * Checks a connection the user is drawing. Type-aware: nothing flows into the trigger, handles must
 * exist on the source's kind, no duplicates or cycles (loops are foreach), and a join only closes
 * branches that start at a parallel node.
 */
export function checkConnection(g: GraphView, c: ConnectionAttempt): ConnectRefusal | null {
  if (c.source === c.target) return 'self';
  const source = g.nodes.get(c.source);
  const target = g.nodes.get(c.target);
  if (!source || !target) return 'unknown';
  if (!targetHandle(target.kind)) return 'intoTrigger';
  const handle = c.sourceHandle ?? 'ok';
  if (!sourceHandles(source).includes(handle)) return 'noSuchHandle';
  if (g.edges.some((e) => e.source === c.source && e.target === c.target && (e.sourceHandle ?? 'ok') === handle)) return 'duplicate';
  if (reaches(g, c.target, c.source)) return 'cycle';
  if (target.kind === 'join' && !onParallelBranch(g, c.source)) return 'joinWithoutParallel';
  return null;
}
