import type { Plan } from '@lienthong/flow/runtime';
import type { LtErrorJson } from '@lienthong/errors';

export interface RunFlowInput {
  plan: Plan;
  input: unknown;
  trigger: string;
  agency?: string;
}

export type NodeStatus = 'running' | 'succeeded' | 'failed' | 'waiting' | 'skipped';

export interface NodeProgress {
  status: NodeStatus;
  startedAt?: string;
  finishedAt?: string;
  handle?: string;
  error?: LtErrorJson;
}

export interface RunProgress {
  flowKey: string;
  version: number;
  hash: string;
  nodes: Record<string, NodeProgress>;
  responded: boolean;
  finished: boolean;
}

export interface RunFlowResult {
  status: 'completed';
  output: unknown;
  response?: unknown;
  nodes: Record<string, NodeProgress>;
}
