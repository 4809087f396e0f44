import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { sharedPostgres } from '../helpers/database.js';
// Plain-JS helpers shared with the benchmarks and the chaos tests.
import { spawnProc } from '../../bench/lib/stack.js';
import { agencySigner } from '../../bench/lib/agency.js';

// R-05: the same system as several processes — two workers and two API instances against one Temporal
// server and one PostgreSQL. Runs spread over both workers; one worker and one API instance are killed
// (kill -9) mid-load; every accepted run still completes exactly once.
const VERIFY_OP = 'population.XacThucThongTinCongDan';
const RUNS = 120;
const outboundKey = (runId: string) => `LT-${createHash('sha256').update(`${runId}/verify`, 'utf8').digest('hex').slice(0, 32)}`;
const lookup = (i: number) => ({
  dossierNo: `000.25.94.H48-260115-${String(i).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});

interface Proc { pid: number; url?: string; identity?: string; kill9(): Promise<void>; stop(): Promise<void> }

describe('scale-out: two workers and two API instances on one Temporal server and one PostgreSQL', () => {
  const procs: Proc[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let sims: RunningSimulators;
  let client: Client;
  let databaseUrl: string;
  let taskQueue: string;
  let adminPassword: string;
  const apis: Proc[] = [];
  const workers: Proc[] = [];
  let sign: (method: string, url: string, body: string, extra?: Record<string, string>) => Record<string, string>;

  beforeAll(async () => {
    // CI's PostgreSQL (DATABASE_URL, a fresh database on it) or a throwaway one from the Debian binaries.
    const pg = await sharedPostgres('scale-out');
    cleanups.push(pg.close);
    databaseUrl = pg.url;
    sims = await startSimulators({ port: 0 });
    cleanups.push(() => sims.close());
    const masterKey = randomBytes(32).toString('base64');
    adminPassword = `lt-${randomBytes(8).toString('hex')}`; // the password policy refuses one containing the username
    taskQueue = `scale-${randomBytes(4).toString('hex')}`;
    const temporal = { address: inject('temporalAddress'), namespace: 'default' };
    const base = { temporal, masterKey, taskQueue, simUrl: sims.url, databaseUrl, adminPassword };
    // One after the other: the first API instance migrates, creates the admin and publishes the examples.
    for (const name of ['api-a', 'api-b']) apis.push(await spawnProc({ ...base, role: 'api', name }) as Proc);
    for (const name of ['worker-a', 'worker-b']) workers.push(await spawnProc({ ...base, role: 'worker', name, identity: name }) as Proc);
    procs.push(...apis, ...workers);
    const signer = await agencySigner(apis[0]!.url!, { adminPassword, code: 'scale-motcua', body: JSON.stringify(lookup(0)) });
    sign = signer ? signer.sign : () => ({});
    client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default',
      dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(masterKey))] } });
  });
  afterAll(async () => {
    await client?.connection.close();
    for (const p of procs) await p.stop().catch(() => undefined);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  /** POST a run (no wait) to one API instance; on a dead instance retry on the other with the same Idempotency-Key, as a load balancer would. */
  async function submit(i: number, alive: () => Proc[]): Promise<string> {
    const body = JSON.stringify(lookup(i));
    const key = `dossier-${i}`;
    for (let attempt = 0; attempt < 6; attempt++) {
      const targets = alive();
      const api = targets[(i + attempt) % targets.length]!;
      const url = `${api.url}/api/v1/flows/xac-thuc-cong-dan/runs?wait=0s`;
      // Each attempt its own nonce: the replay cache is shared, so a retry re-signed within the same second would be a replay.
      try {
        const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...sign('POST', url, body, { 'idempotency-key': key, 'x-lt-nonce': String(attempt) }) } });
        const json = await r.json() as { runId?: string };
        if ((r.status === 202 || r.status === 200) && json.runId) return json.runId;
        throw new Error(`${r.status} ${JSON.stringify(json)}`);
      } catch (err) {
        if (attempt === 5) throw err;
        await new Promise((res) => setTimeout(res, 200));
      }
    }
    throw new Error('unreachable');
  }

  /** Sends exactly these headers (Host included) to `url`: a request captured on its way to one instance, replayed on another. */
  function sendVerbatim(url: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; code?: string; retryAfter?: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => {
          let code: string | undefined;
          try { code = (JSON.parse(text) as { error?: { code?: string } }).error?.code; } catch { /* not JSON */ }
          resolve({ status: res.statusCode ?? 0, ...(code ? { code } : {}), ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('a signed request accepted by one API instance and replayed on the other is refused with AUTH_REPLAY', async () => {
    // A POST that changes nothing (cancelling a run that does not exist: the gate accepts it, the procedure answers 404),
    // so the runs counted below stay the load test's own.
    const path = '/api/v1/runs/run-scale-none/cancel';
    const [a, b] = [new URL(apis[0]!.url!), new URL(apis[1]!.url!)];
    const captured = { host: a.host, ...sign('POST', `${a.origin}${path}`, '') };
    const first = await sendVerbatim(`${a.origin}${path}`, 'POST', captured);
    expect(first).toMatchObject({ status: 404, code: 'RUN_NOT_FOUND' });
    expect(await sendVerbatim(`${b.origin}${path}`, 'POST', captured)).toMatchObject({ status: 401, code: 'AUTH_REPLAY' });
    // Signed afresh for the second instance, the same call is accepted there: the refusal was the replay, nothing else.
    expect(await sendVerbatim(`${b.origin}${path}`, 'POST', { host: b.host, ...sign('POST', `${b.origin}${path}`, '') })).toMatchObject({ status: 404 });
  });

  it('a system over its rate limit on both instances together gets 429 RATE_LIMITED', async () => {
    const limited = await agencySigner(apis[0]!.url!, { adminPassword, code: 'scale-hanmuc', rateLimitPerMinute: 4 });
    if (!limited) throw new Error('agency signing is off');
    // Five requests, alternating a, b, a, b, a: three on one instance and two on the other, each under the limit of 4 on
    // its own, so only a limit the instances share refuses the fifth.
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const url = `${apis[i % 2]!.url!}/api/v1/runs/run-limited-${i}`;
      answers.push(await sendVerbatim(url, 'GET', { host: new URL(url).host, ...limited.sign('GET', url, '') }));
    }
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 429]);
    expect(answers[4]?.code).toBe('RATE_LIMITED');
    expect(Number(answers[4]?.retryAfter)).toBeGreaterThan(0);
  });

  it('spreads runs over both workers, survives kill -9 of one worker and one API instance, and completes every run exactly once', async () => {
    sims.faults.set(VERIFY_OP, { latencyMs: 300 });
    const dead = new Set<Proc>();
    const alive = () => apis.filter((a) => !dead.has(a));
    const accepted = new Set<string>();
    const submitted: Promise<void>[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i === RUNS / 2) {
        // The first half finished on both workers (their histories say who ran them).
        await Promise.all(submitted.splice(0));
        await Promise.all([...accepted].map((id) => client.workflow.getHandle(id).result()));
      }
      if (i === (RUNS * 3) / 4) {
        // Mid-load, with runs in flight: kill one API instance and one worker without warning.
        await Promise.all(submitted.splice(0));
        const [apiB, workerA] = [apis[1]!, workers[0]!];
        dead.add(apiB);
        await Promise.all([apiB.kill9(), workerA.kill9()]);
      }
      submitted.push(submit(i, alive).then((id) => { accepted.add(id); }));
      if (submitted.length >= 20) await Promise.all(submitted.splice(0));
    }
    await Promise.all(submitted);
    sims.faults.clear();
    expect(accepted.size).toBe(RUNS); // one run per dossier: retried submissions replayed the same run

    const ids = [...accepted];
    const results = await Promise.all(ids.map((id) => client.workflow.getHandle(id).result() as Promise<{ output: { result: string } }>));
    expect(results.every((r) => r.output.result === 'MATCH')).toBe(true);

    // Exactly once: one execution per run on the queue, one row per run, one population request key per run.
    const executions = new Map<string, number>();
    for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) executions.set(w.workflowId, (executions.get(w.workflowId) ?? 0) + 1);
    expect([...executions.keys()].sort()).toEqual([...ids].sort());
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const rows = await db.query<{ run_id: string }>("select run_id from runs where flow_key = 'xac-thuc-cong-dan'");
    await db.end();
    expect(rows.rows.map((r) => r.run_id).sort()).toEqual([...ids].sort());
    expect(ids.filter((id) => sims.counters.times(VERIFY_OP, outboundKey(id)) === 0)).toEqual([]);
    expect(sims.counters.snapshot()[VERIFY_OP]?.keys).toBe(RUNS);

    // Both workers did work: the identity that ran each verify step, from the runs' histories.
    const ranBy = new Map<string, number>();
    for (const id of ids) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      for (const e of history.events ?? []) {
        const who = e.activityTaskStartedEventAttributes?.identity ?? e.workflowTaskCompletedEventAttributes?.identity;
        if (who) ranBy.set(who, (ranBy.get(who) ?? 0) + 1);
      }
    }
    if (process.env.LT_TEST_LOGS) console.log(Object.fromEntries(ranBy));
    expect([...ranBy.keys()].sort()).toEqual(['worker-a', 'worker-b']);
  });
});
