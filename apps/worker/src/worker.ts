import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createConnectorActivities, createHttpClient, type CredentialStore } from '@lienthong/connectors/activities';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { withFailureMapping } from './activities/failures.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.js', import.meta.url));

export interface CreateWorkerOptions {
  address: string;
  namespace: string;
  credentials: CredentialStore;
  taskQueue?: string;
  identity?: string;
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>>;
}

/** A worker running the one interpreter workflow and every registered connector activity. */
export async function createWorker(opts: CreateWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const activities = withFailureMapping(createConnectorActivities({ http: createHttpClient(), credentials: opts.credentials, clock: () => new Date() }));
  const worker = await Worker.create({
    connection, namespace: opts.namespace, taskQueue: opts.taskQueue ?? TASK_QUEUE, workflowsPath, activities,
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...opts.tuning,
  });
  return { worker, connection };
}
