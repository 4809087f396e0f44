import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createServices, type Services } from '@lienthong/services';
import { workflowsPath } from '@lienthong/worker';
import type { DbHandle } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';
import { startedForThisFile } from '../helpers/suite.js';

/** The platform's services over a fresh database and a worker of the production workflows on their own task queue. */
export interface ServicesWorker {
  db: DbHandle;
  client: Client;
  services: Services;
  taskQueue: string;
}

/**
 * For this file's tests: services, a client of the shared test Temporal server, and a worker whose activities
 * `activities` picks (the task activities, real connectors…); stopped after the file, the audit flushed first.
 */
export function useServicesWorker(name: string, activities: (services: Services) => Record<string, (...args: any[]) => unknown>): ServicesWorker {
  return startedForThisFile('the services and worker', async () => {
    const taskQueue = `${name}-${randomBytes(4).toString('hex')}`;
    const db = await freshDatabase();
    const address = inject('temporalAddress');
    const client = new Client({ connection: await Connection.connect({ address }) });
    const services = createServices({ db: db.db, temporal: client, manifests: [], taskQueue });
    const native = await NativeConnection.connect({ address });
    const worker = await Worker.create({ connection: native, namespace: 'default', taskQueue, workflowsPath, activities: activities(services) });
    const running = worker.run();
    return { db, client, services, taskQueue, native, worker, running };
  }, async (s) => {
    s.worker.shutdown();
    await s.running;
    await s.services.audit.flush();
    await s.native.close();
    await s.client.connection.close();
    await s.db.close();
  });
}
