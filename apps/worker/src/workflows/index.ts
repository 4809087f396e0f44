// The workflow bundle's entry: the one interpreter, the foreach batch workflow, the exchange and the background work.
// Their contracts (type names, messages, inputs) are in @lienthong/temporal/contracts.
export { runFlow, runForeach } from './run-flow.js';
export { exchangeWorkflow } from '@lienthong/exchange/workflows'; // the exchange's workflow lives with its domain
export { deliverRunCallback, purgeRunAtClose, retentionSweep, evaluateAlerts, generateOperationsReports } from './background.js';
export { startScheduledRun } from './scheduled-run.js';
export { pollTrigger } from './trigger-poll.js';
export { accountRequest } from './account-request.js';
export { scheduledBackup } from './backups.js';
