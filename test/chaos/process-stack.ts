// Liên Thông as a province deploys it, for the chaos tests that kill the API and restart PostgreSQL:
// our own Temporal dev server, a throwaway PostgreSQL (Debian's binaries), the API and the worker as
// separate OS processes on that database, the simulators in this process (their counters are the proof).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
// Plain-JS helpers shared with the benchmarks and the scale-out test.
import { spawnProc, startTemporal } from '../../bench/lib/stack.js';
import { freePort, startPostgres } from '../../bench/lib/postgres.js';
import { agencySigner } from '../../bench/lib/agency.js';
import { chaosFlow, lookup, sleep } from './harness.js';

export interface Proc { pid: number; url?: string; child: { exitCode: number | null; signalCode: string | null }; kill9(): Promise<void>; stop(): Promise<void> }
type Postgres = NonNullable<Awaited<ReturnType<typeof startPostgres>>>;

export interface ProcessStack {
  /** Our own dev server, or on the cluster suite (vitest.cluster.config.ts) the Temporal cluster its global setup runs. */
  temporal: { address: string; stop(): Promise<void> };
  postgres: Postgres;
  sims: RunningSimulators;
  client: Client;
  taskQueue: string;
  flowKey: string;
  apiUrl: string;
  api: Proc;
  worker: Proc;
  /** Starts the API again on the same port and database (after a kill -9). */
  restartApi(): Promise<Proc>;
  /** SigV4 headers of the registered agency system, fresh for each attempt. */
  /** SigV4 headers; `extra` headers (Idempotency-Key: signed whenever sent) are signed and returned too. */
  sign(method: string, url: string, body: string, extra?: Record<string, string>): Record<string, string>;
  /** Rows of the runs table whose Idempotency-Key starts with `prefix`. */
  runRows(prefix: string): Promise<{ runId: string; idempotencyKey: string }[]>;
  stop(): Promise<void>;
}

export async function startProcessStack(flowKey: string, log: (l: string) => void = () => undefined): Promise<ProcessStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => { for (const c of cleanups.reverse()) await c().catch(() => undefined); };
  try {
    // Our own server, always: this suite stops and starts it (CI's DATABASE_URL server is left alone).
    const postgres = await startPostgres({ log });
    if (!postgres) throw new Error('the PostgreSQL chaos tests need Debian\'s PostgreSQL binaries (initdb under /usr/lib/postgresql): apt-get install postgresql');
    cleanups.push(() => postgres.stop());
    const clusterAddress = inject('clusterAddress');
    const temporal = clusterAddress ? { address: clusterAddress, stop: async () => undefined } : await startTemporal({ log: () => undefined });
    cleanups.push(() => temporal.stop());
    const sims = await startSimulators({ port: 0, log: () => undefined });
    cleanups.push(() => sims.close());
    const masterKey = randomBytes(32).toString('base64');
    const adminPassword = `lt-${randomBytes(8).toString('hex')}`;
    const taskQueue = `chaos-${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const base = { temporal: { address: temporal.address, namespace: 'default' }, masterKey, taskQueue, simUrl: sims.url, databaseUrl: postgres.url };
    const procs: Proc[] = [];
    cleanups.push(async () => { for (const p of procs) await p.stop().catch(() => undefined); });
    const spawnApi = async (first: boolean) => {
      // The first start migrates, creates `admin` and publishes the examples; a restart finds them there.
      const p = await spawnProc({ ...base, role: 'api', name: 'api', port, ...(first ? { adminPassword } : { publish: false }) }, { log }) as Proc;
      procs.push(p);
      return p;
    };
    const api = await spawnApi(true);
    const apiUrl = api.url as string;
    const worker = await spawnProc({ ...base, role: 'worker', name: 'worker', identity: 'worker' }, { log }) as Proc;
    procs.push(worker);
    await publishAsAdmin(apiUrl, adminPassword, chaosFlow(flowKey));
    const signer = await agencySigner(apiUrl, { adminPassword, code: 'chaos-motcua', flowKey, body: JSON.stringify(lookup(0)) });
    if (!signer) throw new Error('the API accepted an unsigned run: the chaos tests expect agency signing to be on');
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(masterKey))] } });
    const stack: ProcessStack = {
      temporal, postgres, sims, client, taskQueue, flowKey, apiUrl, api, worker,
      async restartApi() {
        stack.api = await spawnApi(false);
        return stack.api;
      },
      sign: (method, url, body, extra) => signer.sign(method, url, body, extra) as Record<string, string>,
      async runRows(prefix) {
        const db = new pg.Client({ connectionString: postgres.url });
        await db.connect();
        try {
          const r = await db.query<{ run_id: string; idempotency_key: string }>('select run_id, idempotency_key from runs where flow_key = $1 and idempotency_key like $2', [flowKey, `${prefix}%`]);
          return r.rows.map((x) => ({ runId: x.run_id, idempotencyKey: x.idempotency_key }));
        } finally {
          await db.end();
        }
      },
      stop: cleanup,
    };
    return stack;
  } catch (err) {
    await cleanup(); // never leave a dev server, a PostgreSQL or a child process behind
    throw err;
  }
}

async function publishAsAdmin(apiUrl: string, adminPassword: string, document: unknown): Promise<void> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  const { token } = await login.json() as { token: string };
  const r = await fetch(`${apiUrl}/api/v1/flows`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(document) });
  if (r.status !== 200 && r.status !== 201) throw new Error(`publishing the chaos flow: ${r.status} ${await r.text()}`);
}

/** Waits (bounded) until no run on the stack's queue is still running, so one scenario's leftovers never count in the next. */
export async function quiesce(stack: ProcessStack, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await stack.client.workflow.count(`TaskQueue = '${stack.taskQueue}' AND ExecutionStatus = 'Running'`)).count > 0) {
    if (Date.now() > deadline) throw new Error(`runs still running on ${stack.taskQueue} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** What one agency request went through before the API accepted it. */
export interface Submission { key: string; runId: string; status: number; replayed: boolean; output?: unknown; attempts: number; failures: string[] }

/**
 * POSTs one signed run request with an Idempotency-Key, as an agency's system does: a failure at the connection
 * level or a coded 503 is sent again (re-signed, a second later) with the same key until `deadline`. A request
 * that hangs past 40 s or gets any other answer (a 500 among them) is an error.
 */
export async function submit(stack: ProcessStack, i: number, o: { key: string; wait: string; deadline: number; onFailure?: (what: string) => void }): Promise<Submission> {
  // Each request its own dossier: two identical bodies signed in the same second would carry the same signature (a replay).
  const body = JSON.stringify(lookup(i));
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const url = `${stack.apiUrl}/api/v1/flows/${stack.flowKey}/runs?wait=${o.wait}`;
    let what: string;
    try {
      const r = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(40_000),
        headers: { 'content-type': 'application/json', ...stack.sign('POST', url, body, { 'idempotency-key': o.key, 'x-lt-nonce': String(attempt) }) } });
      const json = await r.json().catch(() => ({})) as { runId?: string; replayed?: boolean; output?: unknown; error?: { code?: string } };
      if ((r.status === 202 || r.status === 200) && json.runId) return { key: o.key, runId: json.runId, status: r.status, replayed: json.replayed === true, output: json.output, attempts: attempt, failures };
      what = `${r.status} ${json.error?.code ?? JSON.stringify(json).slice(0, 200)}`;
      // Only a coded, retryable 503 is worth sending again; a refusal or an internal error (500) is a failure to report.
      if (r.status !== 503 || !json.error?.code) throw new Error(`request ${o.key}: ${what}${failures.length ? ` (after ${failures.join('; ')})` : ''}`);
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw new Error(`request ${o.key} hung: no answer within 40 s`);
      if ((err as Error).message.startsWith(`request ${o.key}`)) throw err;
      what = `connection: ${String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message)}`;
    }
    failures.push(what);
    o.onFailure?.(what);
    if (Date.now() > o.deadline) throw new Error(`request ${o.key} never accepted: ${failures.join('; ')}`);
    await sleep(1_000 + Math.floor(Math.random() * 500)); // a new second: a new signature, never a replay
  }
}

/** Sends `count` requests, at most `concurrency` at a time; `fault.run` starts once `fault.when(accepted)` holds, with requests still in flight. */
export async function load(count: number, concurrency: number, send: (i: number) => Promise<Submission>, fault: { when: (accepted: number) => boolean; run: () => Promise<void> }): Promise<Submission[]> {
  const done: Submission[] = [];
  let next = 0;
  let faulted: Promise<void> | null = null;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      // One request failing fails the load: the other lanes stop sending (nothing bleeds into the next scenario).
      done.push(await send(i).catch((err: unknown) => { next = count; throw err; }));
      if (!faulted && fault.when(done.length)) {
        faulted = fault.run();
        faulted.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  if (!faulted) throw new Error('the load ended before the fault was injected');
  await faulted;
  return done;
}
