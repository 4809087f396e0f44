// A worker running the real interpreter on its own task queue, against the shared test Temporal server,
// with a few small test connectors (fixtures of a connector, not mocks of our code) next to the real ones.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { inject } from 'vitest';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { LtError } from '@lienthong/errors';
import { compile, resolveSubflows, type Plan } from '@lienthong/flow';
import { activityName, type ConnectorManifest } from '@lienthong/schemas';
import { manifests as realManifests } from '@lienthong/connectors/manifests';
import { createConnectorActivities, createHttpClient, type ConnectorActivity, type ConnectorCall } from '@lienthong/connectors/activities';
import { simAccounts, startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { foreachActivities, withFailureMapping, workflowsPath, type RunFlowInput, type RunFlowResult, type RunProgress } from '@lienthong/worker';
import { createBatchStore, masterKeyFrom, type BatchStore } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';
import { createCatalogueService, createIocStore } from '@lienthong/services';
import { INTERPRETER_ENGINE } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW, progressQuery } from '@lienthong/temporal/contracts';
import { startedForThisFile } from '../helpers/suite.js';

const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });
const fixture = (id: string, input: object, extra: Partial<ConnectorManifest> = {}): ConnectorManifest => ({
  id, version: '1.0.0', category: 'test', title: { vi: id, en: id }, input, output: { type: 'object' },
  timeout: '10s', retry: { maximumAttempts: 3, initialInterval: '100ms', backoffCoefficient: 1 }, errors: [], idempotent: true, ...extra,
});

/** Test connectors: what each does is in its activity below. */
export const testManifests: ConnectorManifest[] = [
  fixture('test:echo:run', obj({ value: {} })),
  fixture('test:flaky:run', obj({ failTimes: { type: 'integer' }, key: { type: 'string' } }, ['failTimes'])),
  fixture('test:slow:run', obj({ ms: { type: 'integer' } }, ['ms']), { retry: { maximumAttempts: 1 } }),
  fixture('test:reject:run', obj({ reason: { type: 'string' } })),
  fixture('test:ledger:reserve', obj({ item: { type: 'string' } }, ['item'])),
  fixture('test:ledger:release', obj({ reservationId: { type: 'string' } }, ['reservationId'])),
  // Retries only help with transient trouble (a timed-out attempt on a loaded machine): the multiple-of-7 rejection is not retryable.
  fixture('test:square:run', obj({ n: { type: 'integer' } }, ['n']), { retry: { maximumAttempts: 3, initialInterval: '100ms' } }),
  fixture('test:gate:run', obj({ n: { type: 'integer' } }, ['n'])),
];

/**
 * test:gate:run applies an item once per idempotency key (as a real system that deduplicates would), counting every
 * application; items with n ≥ `from` wait until `open()` (or their attempt is cancelled), so a test can stop a worker
 * with work in flight.
 */
export const gate = {
  from: Number.POSITIVE_INFINITY, applied: new Map<string, number>(), opened: Promise.resolve(), open: () => undefined as void,
  close(from: number) { this.from = from; this.opened = new Promise<void>((r) => { this.open = r; }); },
};
export const allManifests: ConnectorManifest[] = [...realManifests, ...testManifests];

export interface Ledger { reserved: string[]; released: string[] }

function testActivities(ledger: Ledger): Record<string, ConnectorActivity> {
  const a = (id: string, fn: (call: ConnectorCall<any>) => Promise<unknown>): [string, ConnectorActivity] => [activityName({ id, version: '1.0.0' }), fn];
  return Object.fromEntries([
    a('test:echo:run', async ({ input, idempotencyKey }) => ({ value: input.value ?? null, idempotencyKey })),
    a('test:flaky:run', async ({ input }) => {
      const attempt = Context.current().info.attempt;
      if (attempt <= input.failTimes) throw new LtError('CONNECTOR_UNAVAILABLE', { system: 'test', httpStatus: 503 });
      return { attempt };
    }),
    a('test:slow:run', async ({ input }) => { await Context.current().sleep(input.ms); return { slept: input.ms }; }),
    a('test:reject:run', async ({ input }) => {
      throw new LtError('CONNECTOR_REJECTED', { system: 'test', remoteCode: 'E42', detail: input.reason ?? 'rejected' });
    }),
    a('test:ledger:reserve', async ({ input, idempotencyKey }) => { ledger.reserved.push(input.item); return { reservationId: `${input.item}#${idempotencyKey}` }; }),
    a('test:ledger:release', async ({ input }) => { ledger.released.push(input.reservationId); return { released: true }; }),
    a('test:gate:run', async ({ input, idempotencyKey }) => {
      if (input.n >= gate.from) await Promise.race([gate.opened, Context.current().cancelled]);
      gate.applied.set(idempotencyKey, (gate.applied.get(idempotencyKey) ?? 0) + 1);
      return { n: input.n };
    }),
    a('test:square:run', async ({ input }) => {
      if (input.n % 7 === 0) throw new LtError('CONNECTOR_REJECTED', { system: 'test', remoteCode: 'SEVEN', detail: `${input.n} is a multiple of 7` });
      return input.n * input.n;
    }),
  ]);
}

export function planOf(doc: unknown, opts: { version?: number } = {}): Plan {
  const r = compile(doc, allManifests, opts);
  if (!r.ok) throw new Error(`flow does not compile: ${r.errors.map((e) => `${e.code} ${JSON.stringify(e.where)} ${e.message}`).join('; ')}`);
  return r.plan;
}

export type History = temporal.api.history.v1.IHistory;
export const eventsOf = (h: History) => h.events ?? [];
/** Connector calls in a history, in order: activities by their scheduled event, local activities (short read-only lookups) by their marker. */
export const activityTypes = (h: History): string[] =>
  eventsOf(h).flatMap((e) => {
    if (e.activityTaskScheduledEventAttributes) return [e.activityTaskScheduledEventAttributes.activityType?.name ?? ''];
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return [data ? String((JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type) : ''];
  });

export interface FlowHarness {
  client: Client;
  taskQueue: string;
  ledger: Ledger;
  simulators: RunningSimulators;
  /** Where large foreaches (engine 4) keep their items and results: a fresh database of this harness. */
  batches: BatchStore;
  /** Compiles the document (and its subflows) and starts a run of it. */
  start(doc: unknown, input: unknown, opts?: { subflows?: unknown[]; historyBudget?: number; workflowId?: string; engine?: number }): Promise<WorkflowHandle>;
  run(doc: unknown, input: unknown, opts?: { subflows?: unknown[]; historyBudget?: number; engine?: number }): Promise<{ result: RunFlowResult; handle: WorkflowHandle; history: History }>;
  progress(handle: WorkflowHandle): Promise<RunProgress>;
  /** Stops the worker (runs stay open on the server) and starts a fresh one on the same task queue. */
  restartWorker(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** A flow harness for this file's tests: started before them, stopped after. */
export const useFlowHarness = (): FlowHarness => startedForThisFile('the flow harness', startFlowHarness, (h) => h.stop());

export async function startFlowHarness(): Promise<FlowHarness> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') }); // failing test connectors would log a warning per attempt
  } catch { /* already installed in this process */ }
  const address = inject('temporalAddress');
  const taskQueue = `flow-${randomBytes(4).toString('hex')}`;
  const ledger: Ledger = { reserved: [], released: [] };
  const simulators = await startSimulators({ port: 0, log: () => undefined });
  const url = simulators.url;
  // The simulators' test accounts, under the credential ids the example flows use.
  const known: Record<string, Record<string, unknown>> = {
    'ngsp-dancu': { type: 'ngsp-population', baseUrl: url, integrationCode: '003' },
    'ngsp-adapter': { type: 'ngsp-adapter', baseUrl: `${url}/ngsp/adapter`, ...simAccounts.ngspAdapter },
    'reporting-national': { type: 'reporting-national', baseUrl: `${url}/baocao`, ...simAccounts.reporting },
    ioc: { type: 'ioc', baseUrl: `${url}/ioc`, ...simAccounts.ioc },
    'lgsp-vp': { type: 'lgsp-edoc', baseUrl: `${url}/lgsp`, systemId: simAccounts.lgsp[0]?.systemId, secretKey: simAccounts.lgsp[0]?.secretKey },
  };
  const credentials = {
    resolve: async (id: string) => {
      const c = known[id];
      if (c) return c as { type: string };
      throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id });
    },
  };
  const db = await freshDatabase();
  const activities = withFailureMapping({
    // The IOC connectors keep their register and outbox in the platform's database (DOMAIN §7.d); the IOC feedback flow reads the calendar.
    ...createConnectorActivities({ http: createHttpClient(), credentials, clock: () => new Date(), ioc: createIocStore(db.db), catalogues: createCatalogueService(db.db) }),
    ...testActivities(ledger),
  });
  const batches = createBatchStore(db.db, masterKeyFrom(randomBytes(32).toString('base64')));
  const nativeConnection = await NativeConnection.connect({ address });
  let worker: Worker;
  let running: Promise<void>;
  const startWorker = async () => {
    worker = await Worker.create({ connection: nativeConnection, namespace: 'default', taskQueue, workflowsPath, activities: { ...activities, ...foreachActivities(batches, activities) } });
    running = worker.run();
  };
  await startWorker();
  const client = new Client({ connection: await Connection.connect({ address }) });

  const start: FlowHarness['start'] = async (doc, input, opts = {}) => {
    const plan = planOf(doc);
    const byRef = new Map((opts.subflows ?? []).map((d) => { const p = planOf(d, { version: (d as { version?: number }).version ?? 1 }); return [`${p.flowKey}@${p.version}`, p]; }));
    const subflows = await resolveSubflows(plan, async (key, version) => {
      const p = byRef.get(`${key}@${version}`);
      if (!p) throw new Error(`subflow ${key}@${version} not given`);
      return p;
    });
    const args: RunFlowInput = { plan, input, trigger: 'api', engine: opts.engine ?? INTERPRETER_ENGINE, ...(Object.keys(subflows).length ? { subflows } : {}),
      ...(opts.historyBudget ? { historyBudget: opts.historyBudget } : {}) };
    return client.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue, workflowId: opts.workflowId ?? `run-${plan.flowKey}-${randomBytes(4).toString('hex')}`, args: [args] });
  };

  return {
    client, taskQueue, ledger, simulators, batches, start,
    async run(doc, input, opts) {
      const handle = await start(doc, input, opts);
      const result = (await handle.result()) as RunFlowResult;
      return { result, handle, history: await handle.fetchHistory() };
    },
    progress: (handle) => handle.query(progressQuery),
    async restartWorker(between) {
      worker.shutdown();
      await running;
      await between?.();
      await startWorker();
    },
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await client.connection.close();
      await nativeConnection.close();
      await simulators.close();
      await db.close();
    },
  };
}

/** Polls a query until it holds (a run reaching a wait node); no timing is asserted. */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, tries = 200): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch { /* not yet queryable */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not reached; last value ${JSON.stringify(last)}`);
}

/**
 * With LT_RECORD_HISTORIES=1, writes the run's history (every run of its continue-as-new chain) to
 * test/fixtures/histories/<name>.json for the replay test. Otherwise does nothing.
 */
/**
 * Where new fixtures go: one folder per interpreter generation, so histories recorded by earlier builds
 * (the top folder: engine 1, before the synchronous expression subset) keep proving that old runs still replay.
 */
const FIXTURE_GENERATION = 'engine-4';

export async function recordHistory(client: Client, name: string, workflowId: string, firstRunId?: string): Promise<void> {
  if (process.env.LT_RECORD_HISTORIES !== '1') return;
  const dir = new URL(`../fixtures/histories/${FIXTURE_GENERATION}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  let runId: string | null | undefined = firstRunId;
  for (let i = 0; ; i++) {
    const history = await client.workflow.getHandle(workflowId, runId ?? undefined).fetchHistory();
    writeFileSync(new URL(`${name}${i === 0 ? '' : `.${i}`}.json`, dir), `${historyToJSON(history)}\n`);
    runId = eventsOf(history).at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!runId || !firstRunId) return;
  }
}

/**
 * Runs a flow document to its end on `taskQueue` (doing `act` while it runs: deciding a task, stopping a simulator),
 * replays its history on the current worker build (throws on a divergence) and records it as a replay fixture.
 */
export async function runReplayedAndRecorded(client: Client, o: { taskQueue: string; name: string; doc: unknown; input: unknown; agency: string;
  act?: (workflowId: string) => Promise<void> }): Promise<RunFlowResult> {
  const workflowId = `run-${o.name}-${randomBytes(4).toString('hex')}`;
  const args: RunFlowInput = { plan: planOf(o.doc), input: o.input, trigger: 'api', engine: INTERPRETER_ENGINE, agency: o.agency };
  const handle = await client.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue: o.taskQueue, workflowId, args: [args] });
  await o.act?.(workflowId);
  const result = await handle.result() as RunFlowResult;
  await Worker.runReplayHistory({ workflowsPath }, await handle.fetchHistory(), workflowId);
  await recordHistory(client, o.name, workflowId);
  return result;
}
