// The workflow bundle's entry: the one interpreter, the foreach batch workflow, and their message definitions.
// Their contracts (type names, messages, inputs) are in @lienthong/temporal/contracts.
export { runFlow, runForeach } from './run-flow.js';
export { exchangeWorkflow } from './exchange/exchange.js';
export { deliverRunCallback, retentionSweep, evaluateAlerts } from './background.js';
