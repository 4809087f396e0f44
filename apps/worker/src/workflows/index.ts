// The workflow bundle's entry: the one interpreter, the foreach batch workflow, and their message definitions.
export { runFlow, runForeach, progressQuery, awaitResponseUpdate, foreachProgressQuery } from './run-flow.js';
export { exchangeWorkflow, exchangeUploadedSignal, exchangeSettledSignal, exchangeStateQuery } from './exchange/exchange.js';
