import type { TestProject } from 'vitest/node';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, SEARCH_ATTRIBUTES } from '@lienthong/temporal';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
  }
}

/**
 * One real Temporal dev server (the official CLI, the same binary `npm start` uses) for the whole
 * run; each test file isolates itself with its own task queue and database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cli = resolveTemporalCli({ log: (l) => console.log(`[temporal-cli] ${l}`) });
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1', searchAttributes: [...SEARCH_ATTRIBUTES], log: { format: 'pretty', level: 'warn' } },
  });
  project.provide('temporalAddress', env.address);
  project.provide('temporalCli', cli);
  return async () => {
    await env.teardown();
  };
}
