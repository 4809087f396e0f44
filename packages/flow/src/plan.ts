import type { FlowNode, RetryPolicy } from '@lienthong/schemas';

/** A node as the interpreter sees it: the document's node without canvas fields, plus what compiling resolved. */
type WithoutUi<T> = T extends unknown ? Omit<T, 'ui'> : never;
export type PlanNode = WithoutUi<FlowNode> & {
  readonly id: string;
  /** For call nodes: the activity type ("<connector id>@<major>") and the effective timeout and retry. */
  readonly activity?: string;
  readonly timeout?: string;
  readonly retry?: RetryPolicy;
  /** For call nodes with compensation: the activity type of the compensating operation. */
  readonly compensateActivity?: string;
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
