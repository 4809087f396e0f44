export { connectWorker, createWorker, workflowsPath, type CreateWorkerOptions } from './worker.js';
export { toFailure, withFailureMapping } from './activities/failures.js';
export type { RunFlowInput, RunFlowResult, RunProgress, NodeProgress } from '@lienthong/temporal/contracts';
export { createHistoryReplayer, type HistoryReplayer, type HistoryReplayerOptions, type ReplayOutcome, type Divergence } from './replay.js';
export { stepScheduledAt } from './step-scheduled.js';
export { foreachActivities } from './activities/foreach-batch.js';
