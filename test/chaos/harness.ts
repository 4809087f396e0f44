// A multi-process Liên Thông for the chaos tests: our own Temporal dev server (so it can be killed),
// the simulators and the services in this process, and the worker as a child process (so it can be killed).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { manifests } from '@lienthong/connectors/manifests';
import { seedSimulatorCredentials } from '@lienthong/cli';
import { createCredentialStore, masterKeyFrom } from '@lienthong/db';
import { createServices, type Services } from '@lienthong/services';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { freshDatabase } from '../helpers/database.js';
// Plain-JS process helpers shared with the benchmarks.
import { spawnProc, startTemporal } from '../../bench/lib/stack.js';

export const VERIFY_OP = 'population.XacThucThongTinCongDan';

/** The citizen-verification flow as a province would tune it for chaos: a 5 s call timeout and quick, patient retries (the connector's default gives up after 3 attempts). */
export function chaosFlow(key: string): unknown {
  const doc = JSON.parse(readFileSync(new URL('../../examples/xac-thuc-cong-dan.json', import.meta.url), 'utf8')) as { key: string; nodes: Record<string, Record<string, unknown>> };
  doc.key = key;
  doc.nodes.verify = { ...doc.nodes.verify, timeout: '5s', retry: { maximumAttempts: 100, initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '3s' } };
  return doc;
}

export function lookup(i: number) {
  return {
    dossierNo: `000.25.94.H48-260115-${String(i % 10_000).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
    applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
  };
}

/** MaYeuCau the connector sends for a run's verify step (see @lienthong/connectors sdk/idempotency). */
export const outboundKey = (runId: string, nodeId = 'verify') => `LT-${createHash('sha256').update(`${runId}/${nodeId}`, 'utf8').digest('hex').slice(0, 32)}`;

interface Proc { pid: number; identity?: string; kill9(): Promise<void>; stop(): Promise<void> }

export interface ChaosStack {
  temporal: Awaited<ReturnType<typeof startTemporal>>;
  sims: RunningSimulators;
  services: Services;
  client: Client;
  taskQueue: string;
  worker: Proc | null;
  startWorker(name?: string): Promise<Proc>;
  stop(): Promise<void>;
}

export async function startChaosStack(log: (l: string) => void = () => undefined): Promise<ChaosStack> {
  const temporal = await startTemporal({ log: () => undefined });
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let sims: RunningSimulators;
  try {
    db = await freshDatabase();
    sims = await startSimulators({ port: 0, log: () => undefined });
  } catch (err) {
    await temporal.stop(); // never leave an orphaned dev server behind
    throw err;
  }
  const masterKey = randomBytes(32).toString('base64');
  const taskQueue = `chaos-${randomBytes(4).toString('hex')}`;
  const codec = new EncryptionCodec(payloadKeyFromMaster(masterKey));
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [codec] } });
  const services = createServices({ db: db.db, temporal: client, manifests, taskQueue, masterKey: masterKeyFrom(masterKey) });
  // Publishing checks credential grants in this database: the simulators' demo credentials, granted to every flow.
  await seedSimulatorCredentials(createCredentialStore(db.db, masterKeyFrom(masterKey)), sims.url);
  let n = 0;
  const stack: ChaosStack = {
    temporal, sims, services, client, taskQueue, worker: null,
    async startWorker(name = `worker-${++n}`) {
      const w = await spawnProc({ role: 'worker', name, temporal: { address: temporal.address, namespace: 'default' }, masterKey, taskQueue, simUrl: sims.url }, { log }) as Proc;
      stack.worker = w;
      return w;
    },
    async stop() {
      await stack.worker?.stop().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await sims.close();
      await db.close();
      await temporal.stop();
    },
  };
  return stack;
}

/** Starts `count` runs without waiting (as a 202 would); returns the accepted run ids. */
export async function acceptRuns(stack: ChaosStack, flowKey: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  const batch = 25;
  for (let i = 0; i < count; i += batch) {
    const started = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) =>
      stack.services.runs.start(flowKey, lookup(from + i + j), { waitMs: 0, caller: { id: 'system:chaos' } })));
    ids.push(...started.map((s) => s.runId));
  }
  return ids;
}

export interface Outcome { completed: number; failed: string[]; answers: Record<string, unknown> }

/** Waits (bounded) for every run's result through Temporal; a run that fails or does not finish is reported. */
export async function settle(stack: Pick<ChaosStack, 'client'>, runIds: string[], timeoutMs = 120_000): Promise<Outcome> {
  const out: Outcome = { completed: 0, failed: [], answers: {} };
  const deadline = Date.now() + timeoutMs;
  await Promise.all(runIds.map(async (id) => {
    for (;;) {
      try {
        const r = await Promise.race([
          stack.client.workflow.getHandle(id).result() as Promise<{ output: unknown }>,
          new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), Math.max(1, deadline - Date.now()))),
        ]);
        out.completed += 1;
        out.answers[id] = r.output;
        return;
      } catch (err) {
        const m = (err as Error).message;
        // An accepted run Temporal has never heard of is lost: no point waiting for it.
        if ((err as Error).name === 'WorkflowNotFoundError') { out.failed.push(`${id}: accepted, but no such run (lost)`); return; }
        // The server may be restarting: retry reading the result until the deadline.
        if (Date.now() < deadline && !/failed|terminated|cancel|timed out/i.test((err as Error).name + m)) { await new Promise((r) => setTimeout(r, 500)); continue; }
        let cause: unknown = (err as { cause?: unknown }).cause;
        const chain: string[] = [];
        for (let k = 0; k < 4 && cause; k++) { chain.push(`${(cause as Error).name}: ${(cause as Error).message}`); cause = (cause as { cause?: unknown }).cause; }
        out.failed.push(`${id}: ${(err as Error).name} ${m}${chain.length ? ` ← ${chain.join(' ← ')}` : ''}`);
        return;
      }
    }
  }));
  return out;
}

/** Workflow executions Temporal holds on this task queue (one per accepted run, never more). */
export async function executionsOnQueue(stack: Pick<ChaosStack, 'client' | 'taskQueue'>): Promise<Map<string, number>> {
  const byId = new Map<string, number>();
  for await (const w of stack.client.workflow.list({ query: `TaskQueue = '${stack.taskQueue}'` })) byId.set(w.workflowId, (byId.get(w.workflowId) ?? 0) + 1);
  return byId;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the simulator has seen at least `n` verify calls (bounded). */
export async function untilCalls(stack: Pick<ChaosStack, 'sims'>, n: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((stack.sims.counters.snapshot()[VERIFY_OP]?.calls ?? 0) < n) {
    if (Date.now() > deadline) throw new Error(`the simulator saw fewer than ${n} calls within ${timeoutMs} ms`);
    await sleep(100);
  }
}
