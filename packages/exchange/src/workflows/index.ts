// The exchange's workflow code, bundled by the worker (apps/worker/src/workflows/index.ts re-exports it). Replayed:
// it may import only @temporalio/workflow and @lienthong/temporal/contracts, never the rest of this package.
export { exchangeWorkflow } from './exchange.js';
