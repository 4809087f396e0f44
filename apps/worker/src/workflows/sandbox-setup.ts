// Loaded once into the workflow sandbox (bundlerOptions.preloadModules), before the SDK freezes the sandbox's
// globals. The SDK's promise hook captures and source-maps a stack trace for every promise a workflow creates
// (for the stack-trace query): measured ≈ 8 ms of the worker's CPU per lookup run (docs/tuning.md). With no
// frames to capture that costs nothing; a workflow's errors keep their code and message, not their stack.
// The worker leaves this module out when LT_WORKFLOW_STACK_TRACES=true (debugging a stuck run).
Error.stackTraceLimit = 0;

export {};
