// The workflow bundle's entry: the one interpreter and its message definitions.
export { runFlow, progressQuery, awaitResponseUpdate } from './run-flow.js';
