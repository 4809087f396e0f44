import type { Client } from '@temporalio/client';
import type { Db } from '@lienthong/db';
import type { ConnectorManifest } from '@lienthong/schemas';
import { createFlowService } from './flows.js';
import { createRunService } from './runs.js';

export { createFlowService, validateFlow, type FlowService, type PublishedVersion, type FlowVersionRow } from './flows.js';
export { createRunService, RunFailed, type RunService, type Caller, type StartRunOptions, type StartRunResult, type RunView, type RunStatus } from './runs.js';

export interface ServicesDeps {
  db: Db;
  temporal: Client;
  manifests: readonly ConnectorManifest[];
  taskQueue?: string;
}

/** The use cases shared by the API and the CLI. */
export function createServices(deps: ServicesDeps) {
  const flows = createFlowService(deps.db, deps.manifests);
  const runs = createRunService(deps.db, deps.temporal, flows, deps.taskQueue ? { taskQueue: deps.taskQueue } : {});
  return { flows, runs };
}
export type Services = ReturnType<typeof createServices>;
