import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@lienthong/observability';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { ALERTS_WORKFLOW, RETENTION_WORKFLOW, backgroundScheduleId, runCallbackWorkflowId, waitSignal } from '@lienthong/temporal/contracts';
import { sharedPostgres } from '../helpers/database.js';
import { startRoleProcess, type RoleProcess } from '../helpers/roles.js';
import { flow } from './flow-docs.js';
import { freePort } from '../../bench/lib/postgres.js';
import { agencySigner } from '../../bench/lib/agency.js';

// Done-when 4 of issue 15: run-end callbacks, retention and alert evaluation run on Temporal, not on timers in the API
// process. In the multi-process layout (`lienthong api` / `lienthong worker`), the API process that accepted a run is
// killed (-9) before the run ends; the callback is still delivered, exactly once, by the worker.
const READY_API = /API sẵn sàng \/ ready: (http:\/\/\S+)\/api\/v1/;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background work on Temporal (lienthong api / lienthong worker)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const received: { body: string; signature: string | undefined; runId: string | undefined }[] = [];
  let sims: RunningSimulators;
  let receiver: Server;
  let api: RoleProcess;
  let worker: RoleProcess;
  let env: NodeJS.ProcessEnv;
  let client: Client;

  beforeAll(async () => {
    const pg = await sharedPostgres('this test');
    cleanups.push(pg.close);
    sims = await startSimulators({ port: 0 });
    cleanups.push(() => sims.close());
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        received.push({ body, signature: req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined, runId: req.headers['x-lt-run-id'] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => receiver.close(() => r())));
    const masterKey = randomBytes(32).toString('base64');
    env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: pg.url, LT_MASTER_KEY: masterKey,
      LT_TASK_QUEUE: `background-${randomBytes(4).toString('hex')}`, LT_SIMULATORS_URL: sims.url, API_HOST: '127.0.0.1', API_PORT: String(await freePort()),
      DATA_DIR: `/tmp/lt-background-${randomBytes(4).toString('hex')}`, LT_EGRESS_ALLOW: '127.0.0.1' };
    api = await startRoleProcess('api', env, READY_API);
    worker = await startRoleProcess('worker', { ...env, LT_WORKER_IDENTITY: 'worker-background-test' }, /worker sẵn sàng \/ ready/);
    client = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS as string }), namespace: 'default',
      dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(masterKey))] } });
  }, 200_000);

  afterAll(async () => {
    await client?.connection.close();
    for (const r of [worker, api]) if (r && r.child.exitCode === null && r.child.signalCode === null) { r.child.kill('SIGTERM'); await r.exit; }
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('delivers the run-end callback exactly once although the API process that accepted the run was killed before it ended', async () => {
    const text = api.out.join('');
    const url = READY_API.exec(text)?.[1] as string;
    const adminPassword = /admin \/ (\S+)/.exec(text)?.[1] as string;
    const admin = (await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }) })).json() as { token: string }).token;
    const as = (method: string, path: string, body?: unknown) => fetch(`${url}/api/v1${path}`, { method,
      headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

    const waiting = flow('cho-ket-qua', { ask: { kind: 'wait', signal: 'xong', timeout: '1d' }, done: { kind: 'end', output: "{ 'result': $nodes.ask.output.result }" } },
      [['start', 'ask'], ['ask', 'done']]);
    expect((await as('POST', '/flows', waiting)).status).toBe(201);
    const signer = await agencySigner(url, { adminPassword, code: 'goi-lai-nen', flowKey: 'cho-ket-qua' });
    if (!signer) throw new Error('the API accepted an anonymous run');
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/lien-thong/callback`;
    expect((await as('PUT', '/systems/goi-lai-nen', { callbackUrl: receiverUrl })).status).toBe(200);
    const secret = (await (await as('POST', '/systems/goi-lai-nen/callback-secret')).json() as { callbackSecret: string }).callbackSecret;

    const runUrl = `${url}/api/v1/flows/cho-ket-qua/runs?wait=0s`;
    const started = await fetch(runUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...signer.sign('POST', runUrl, '{}') } });
    const { runId } = await started.json() as { runId: string };
    expect(started.status).toBe(202);

    // The API process dies with the run still waiting; the run is then finished through Temporal itself.
    api.child.kill('SIGKILL');
    await api.exit;
    await client.workflow.getHandle(runId).signal(waitSignal('xong'), { result: 'DA_XU_LY' });

    const delivery = await client.workflow.getHandle(runCallbackWorkflowId(runId)).result() as { delivered: boolean; attempts: number };
    expect(delivery).toEqual({ runId, delivered: true, attempts: 1 });
    expect(received).toHaveLength(1);
    const only = received[0] as (typeof received)[number];
    expect(only.runId).toBe(runId);
    expect(JSON.parse(only.body)).toMatchObject({ event: 'run.ended', runId, flowKey: 'cho-ket-qua', status: 'completed', output: { result: 'DA_XU_LY' } });
    expect(verifyWebhookSignature(secret, only.body, only.signature)).toBe(true);
    // A second start for the same run finds the finished delivery workflow: nothing is sent again.
    await pause(1500);
    expect(received).toHaveLength(1);
  });

  it('runs retention and alert evaluation as Temporal Schedules whose workflows the worker completes', async () => {
    const queue = env.LT_TASK_QUEUE as string;
    for (const [kind, type] of [['retention', RETENTION_WORKFLOW], ['alerts', ALERTS_WORKFLOW]] as const) {
      const handle = client.schedule.getHandle(backgroundScheduleId(kind, queue));
      await handle.trigger();
      let described = await handle.describe();
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: type, taskQueue: queue });
      for (let i = 0; i < 60 && described.info.recentActions.length === 0; i++) { await pause(500); described = await handle.describe(); }
      const last = described.info.recentActions.at(-1);
      if (!last) throw new Error(`schedule ${kind} started nothing`);
      await client.workflow.getHandle(last.action.workflow.workflowId, last.action.workflow.firstExecutionRunId).result();
      const history = await client.workflow.getHandle(last.action.workflow.workflowId, last.action.workflow.firstExecutionRunId).fetchHistory();
      const identities = new Set((history.events ?? []).flatMap((e) => (e.workflowTaskCompletedEventAttributes?.identity ? [e.workflowTaskCompletedEventAttributes.identity] : [])));
      expect([...identities]).toEqual(['worker-background-test']);
    }
  });
});
