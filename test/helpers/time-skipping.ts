/**
 * The platform on Temporal's time-skipping test server (the Java SDK's, installed from PyPI by @lienthong/temporal's
 * resolveTemporalTestServer), for tests of deadlines and schedules measured in days: timers fire when the test skips
 * time, not when the wall clock gets there.
 *
 * What is real: the test server (a real Temporal frontend with its own history, timers and task queues), the worker
 * (the production workflows bundle, the platform's activities: connectors, run service, human tasks, schedules),
 * the services over a fresh database (PGlite, or PostgreSQL with DATABASE_URL), the simulators and the HTTP API.
 * What differs from `startPlatform`: the test server has no Schedules, so flows are published without one (the
 * schedule's workflow is started by the test the way a Schedule starts it) and nothing of the background work
 * (retention, alert evaluation: Schedules too) runs.
 */
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createBatchStore, createCredentialStore, masterKeyFrom, type DbHandle } from '@lienthong/db';
import { manifests } from '@lienthong/connectors/manifests';
import { createFlowService, createMaintenanceReader, createServices, type Services } from '@lienthong/services';
import { connectClient, EncryptionCodec, payloadKeyFromMaster, SEARCH_ATTRIBUTES } from '@lienthong/temporal';
import { resolveTemporalTestServer } from '@lienthong/temporal/test-server';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { startApiServer } from '@lienthong/api';
import { egressPolicy } from '@lienthong/observability';
import { ensureVerificationKey, seedSimulatorCredentials } from '@lienthong/cli';
import { ScheduledStartTimeKey } from '@lienthong/temporal/contracts';
import { connectWorker, createHistoryReplayer, createWorker } from '@lienthong/worker';
import { freshDatabase } from './database.js';
import { apiCaller, type Reply } from './api-caller.js';

export interface TimeSkippingPlatform {
  env: TestWorkflowEnvironment;
  /** The services' client (the platform's codec): what the API and the worker's activities use. */
  temporal: Client;
  services: Services;
  db: DbHandle;
  simulators: RunningSimulators;
  taskQueue: string;
  apiUrl: string;
  /** Publishes a flow version as the API does, minus the Temporal Schedule (the test server has none). */
  publish(document: unknown): Promise<{ flowKey: string; version: number }>;
  /** Skips `ms` of Temporal time (timers due meanwhile fire; their workflow tasks and activities run). */
  skip(ms: number): Promise<void>;
  /** The test server's clock. */
  now(): Promise<Date>;
  request(method: string, path: string, body?: unknown): Promise<Reply>;
  requestAs(token: string | null, method: string, path: string, body?: unknown): Promise<Reply>;
  /** A user with these roles (created by the platform, like an admin would) and its session token. */
  sessionOf(username: string, roles: { role: string; agency?: string }[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startTimeSkippingPlatform(): Promise<TimeSkippingPlatform> {
  const server = resolveTemporalTestServer({ log: (l) => console.log(`[temporal-test-server] ${l}`) });
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server } } });
  const stops: (() => Promise<void>)[] = [() => env.teardown()];
  const stop = async () => { for (const s of stops.reverse()) await s().catch(() => undefined); };
  try {
    // The dev server registers ours at start (`--search-attribute`) and knows Temporal's own; the test server is told both.
    await env.connection.operatorService.addSearchAttributes({ namespace: 'default',
      searchAttributes: Object.fromEntries([...SEARCH_ATTRIBUTES, ScheduledStartTimeKey].map((k) => [k.name, searchAttributeTypeOf(k.type)])) });
    const db = await freshDatabase();
    stops.push(() => db.close());
    const masterKey = randomBytes(32).toString('base64');
    const mk = masterKeyFrom(masterKey);
    const simulators = await startSimulators({ port: 0, log: () => () => undefined });
    stops.push(() => simulators.close());
    const credentialsDb = createCredentialStore(db.db, mk);
    await seedSimulatorCredentials(credentialsDb, simulators.url, { port: simulators.smtpPort, ca: simulators.smtpCa });
    await ensureVerificationKey(credentialsDb); // 7.a's keyed hashes (7.b calls it as a subflow), as `npm start` makes it
    const codec = new EncryptionCodec(payloadKeyFromMaster(masterKey));
    const connection = await connectWorker(env.address);
    stops.push(() => connection.close());
    const temporal = await connectClient({ address: env.address, namespace: 'default' }, { codec, connection });
    const taskQueue = `ts-${randomBytes(4).toString('hex')}`;
    const services = createServices({ db: db.db, temporal, manifests, masterKey: mk, taskQueue, egress: egressPolicy('127.0.0.0/8,::1'),
      replayer: createHistoryReplayer({ payloadCodec: codec }) });
    stops.push(() => services.audit.flush());
    const { worker } = await createWorker({ address: env.address, namespace: 'default', connection, codec, taskQueue,
      credentials: { resolve: (id, use) => credentialsDb.resolve(id, { flowKey: use?.flowKey }) }, catalogues: services.catalogues, reportDeliveries: services.reportDeliveries, reporting: services.reporting.cycle,
      schedules: services.schedules.activities, tasks: services.tasks.activities, accountRequests: services.accountRequests.activities, exchange: services.exchange.activities,
      maintenance: createMaintenanceReader(db.db), batches: createBatchStore(db.db, mk), audit: services.audit });
    const running = worker.run();
    stops.push(async () => { worker.shutdown(); await running; });
    const api = await startApiServer({ services, port: 0, host: '127.0.0.1', codec, ...(process.env.LT_TEST_LOGS ? { log: (l: string) => console.log(`[api] ${l}`) } : {}) });
    stops.push(() => api.close());

    const adminPassword = `lt-${randomBytes(12).toString('hex')}`;
    await services.users.create({ username: 'admin', displayName: 'Quản trị', roles: [{ role: 'admin' }], password: adminPassword });
    const { requestAs, login } = apiCaller(() => api.url);
    const adminToken = await login('admin', adminPassword);
    const flows = createFlowService(db.db, manifests);
    return {
      env, temporal, services, db, simulators, taskQueue, apiUrl: api.url,
      publish: (document) => flows.publish(document, { by: 'user:admin', note: 'time-skipping test' }),
      skip: (ms) => env.sleep(ms),
      now: async () => new Date(await env.currentTimeMs()),
      request: (method, path, body) => requestAs(adminToken, method, path, body),
      requestAs,
      async sessionOf(username, roles) {
        const created = await requestAs(adminToken, 'POST', '/api/v1/users', { username, roles });
        if (created.status >= 300) throw new Error(`creating user ${username}: ${created.status} ${created.text}`);
        return login(username, created.body.password as string);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The operator service's enum value for an SDK search attribute type. */
function searchAttributeTypeOf(type: string): number {
  const types: Record<string, number> = { TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7 };
  const t = types[type];
  if (t === undefined) throw new Error(`unknown search attribute type ${type}`);
  return t;
}

/** The SDK's runtime at the worker's log level (WARN unless LT_WORKER_LOG_LEVEL), before the environment installs its own. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.LT_WORKER_LOG_LEVEL ?? 'WARN') as LogLevel) });
  } catch {
    // Installed already in this process.
  }
}

/** Polls `read` until `done` holds (about 30 s of wall time at most), returning the last value. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 120): Promise<T> {
  let v = await read();
  for (let i = 0; i < tries && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}
