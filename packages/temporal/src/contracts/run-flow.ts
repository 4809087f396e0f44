import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import { AgencyKey, BusinessKeysKey, FlowHashKey, FlowIdKey, FlowVersionKey, TriggerKey } from '../keys.js';
import type { RunProgress } from './run-flow-types.js';

/**
 * The interpreter workflow's contract: its type name, the messages it takes, the batch workflow a large foreach
 * runs in. Services, the worker, the CLI, tests and benchmarks import these; nothing else names them.
 */
export const RUN_FLOW_WORKFLOW = 'runFlow';
export const RUN_FOREACH_WORKFLOW = 'runForeach';

/** The run's live view: node statuses, whether it responded, the signals it waits for. */
export const progressQuery = defineQuery<RunProgress>('progress');
/** Resolves with the respond node's output as soon as it exists (or the final output if the flow ends first). */
export const awaitResponseUpdate = defineUpdate<{ responded: boolean; output: unknown; pending?: boolean }>('awaitResponse');
/** A foreach batch workflow's count of items done so far. */
export const foreachProgressQuery = defineQuery<{ done: number; total: number; failed: number }>('foreachProgress');

/** The signal a wait node takes: its name is data of the flow (the node's `signal`), its payload any JSON. */
export const waitSignal = (name: string) => defineSignal<[unknown]>(name);

/** Visibility query for runs of the interpreter (run search). */
export const RUN_FLOW_QUERY = `WorkflowType = '${RUN_FLOW_WORKFLOW}'`;

/** The search attributes every run carries (run search, retention, the Temporal UI); one builder for API and schedule starts. */
export function runSearchAttributes(r: { flowKey: string; version: number; hash: string; trigger: string; agency?: string | null; businessKeys?: Record<string, string> }): SearchAttributePair[] {
  return [
    { key: FlowIdKey, value: r.flowKey }, { key: FlowVersionKey, value: String(r.version) }, { key: FlowHashKey, value: r.hash },
    { key: TriggerKey, value: r.trigger }, { key: AgencyKey, value: r.agency ?? '' },
    { key: BusinessKeysKey, value: Object.entries(r.businessKeys ?? {}).map(([k, v]) => `${k}=${v}`) },
  ];
}
