import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@temporalio/worker';

const sandboxSetup = fileURLToPath(new URL('./workflows/sandbox-setup.js', import.meta.url));
// The expression runtime (JSONata, the synchronous evaluator, the error catalogue) holds no per-run state: loaded
// once and shared, a run no longer evaluates those modules again nor re-parses the plan's expressions.
const flowRuntime = fileURLToPath(import.meta.resolve('@lienthong/flow/runtime'));

/**
 * Bundler options for the workflow sandbox: modules loaded once for every run, and no stack capture unless
 * LT_WORKFLOW_STACK_TRACES=true (workflows/sandbox-setup.ts says why). Neither changes a workflow's commands:
 * histories replay the same either way.
 */
export function sandboxBundlerOptions(env: NodeJS.ProcessEnv = process.env): Pick<WorkerOptions, 'bundlerOptions'> {
  const stackTraces = env.LT_WORKFLOW_STACK_TRACES === 'true';
  return { bundlerOptions: { preloadModules: [...(stackTraces ? [] : [sandboxSetup]), flowRuntime] } };
}
