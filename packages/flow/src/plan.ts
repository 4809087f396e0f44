import type { FlowNode, RetryPolicy } from '@lienthong/schemas';

/** A node as the interpreter sees it: the document's node without canvas fields, plus what compiling resolved. */
type WithoutUi<T> = T extends unknown ? Omit<T, 'ui'> : never;
export type PlanNode = WithoutUi<FlowNode> & {
  readonly id: string;
  /** For call nodes: the activity type ("<connector id>@<major>") and the effective timeout and retry. */
  readonly activity?: string;
  readonly timeout?: string;
  readonly retry?: RetryPolicy;
  /** For call nodes: a short read-only lookup, run as a local activity (decided at compile time, so pinned with the version). */
  readonly local?: boolean;
  /** For call nodes with compensation: the activity type of the compensating operation, its timeout and retry. */
  readonly compensateActivity?: string;
  readonly compensateTimeout?: string;
  readonly compensateRetry?: RetryPolicy;
};

/**
 * The immutable execution plan a run is pinned to. It travels in the workflow input, so the
 * history alone is enough to replay the run, whatever happens to the flow store later.
 */
export interface Plan {
  readonly flowKey: string;
  readonly version: number;
  /** sha-256 of the canonical flow document. */
  readonly hash: string;
  readonly entry: string;
  readonly sync: boolean;
  readonly nodes: Readonly<Record<string, PlanNode>>;
  /** nodeId -> source handle -> target node ids (sorted). The default handle is "ok". */
  readonly next: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** nodeId -> number of distinct incoming nodes (joins wait on these). */
  readonly incoming: Readonly<Record<string, number>>;
  readonly businessKeys: Readonly<Record<string, string>>;
}

export const DEFAULT_HANDLE = 'ok';
export const ERROR_HANDLE = 'error';

/** Output handles each node kind may have edges from (a switch adds its case handles). */
export const HANDLES: Readonly<Record<PlanNode['kind'], readonly string[]>> = {
  trigger: ['ok'], call: ['ok', 'error'], transform: ['ok', 'error'], switch: ['default', 'error'], parallel: ['ok'], join: ['ok'],
  foreach: ['ok', 'error'], wait: ['ok', 'timeout', 'error'], task: ['ok', 'timeout', 'error'], delay: ['ok', 'error'], subflow: ['ok', 'error'], respond: ['ok', 'error'],
  end: [], fail: [],
};

export const flowRef = (key: string, version: number): string => `${key}@${version}`;

/**
 * Whether a run of this plan answers only as it ends: one path at a time (no parallel branches) and every respond
 * node (none pending) leads on success only to end nodes. Its answer is then the run's result, and a caller waits for
 * that alone, without the update that takes an earlier answer (one request to Temporal less per run; issue 20).
 */
export function answersWhenItEnds(plan: Plan): boolean {
  for (const n of Object.values(plan.nodes)) {
    if (n.kind === 'parallel') return false;
    if (n.kind === 'respond') {
      if (n.pending) return false;
      if (!(plan.next[n.id]?.[DEFAULT_HANDLE] ?? []).every((t) => plan.nodes[t]?.kind === 'end')) return false;
    }
  }
  return true;
}

/** The subflows a plan pins directly ("key@version"), sorted. */
export function subflowRefs(plan: Plan): string[] {
  const refs = new Set<string>();
  for (const n of Object.values(plan.nodes)) {
    if (n.kind === 'subflow') refs.add(flowRef(n.flow.key, n.flow.version));
    if (n.kind === 'foreach' && 'subflow' in n.body) refs.add(flowRef(n.body.subflow.key, n.body.subflow.version));
  }
  return [...refs].sort();
}

/**
 * Every plan a run may need as a child, resolved before the run starts (workflow code does no I/O):
 * the pinned subflows, theirs, and so on.
 */
export async function resolveSubflows(plan: Plan, load: (key: string, version: number) => Promise<Plan>): Promise<Record<string, Plan>> {
  const out: Record<string, Plan> = {};
  const queue = subflowRefs(plan);
  while (queue.length > 0) {
    const ref = queue.shift() as string;
    if (out[ref]) continue;
    const at = ref.lastIndexOf('@');
    const child = await load(ref.slice(0, at), Number(ref.slice(at + 1)));
    out[ref] = child;
    queue.push(...subflowRefs(child));
  }
  return out;
}
